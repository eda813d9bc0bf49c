import { Kafka, logLevel, Partitioners, type LogEntry } from 'kafkajs';

export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
}

export interface KafkaLogSink {
  debug(context: Record<string, unknown>, message: string): void;
  info(context: Record<string, unknown>, message: string): void;
  warn(context: Record<string, unknown>, message: string): void;
  error(context: Record<string, unknown>, message: string): void;
}

const levels: Record<number, keyof KafkaLogSink> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * kafkajs 2's default (Java-compatible murmur2) partitioner, chosen by name: a producer that
 * names none prints a notice about the 1.x change at every start.
 */
export const PARTITIONER = Partitioners.DefaultPartitioner;

/** The single place that knows which Kafka client library we use (see docs/adr/0003). */
export function createKafka(settings: KafkaSettings, sink: KafkaLogSink): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8 },
    logCreator:
      () =>
      ({ namespace, level, log }: LogEntry) => {
        const { message, ...rest } = log;
        sink[levels[level] ?? 'info']({ namespace, ...rest }, message);
      },
  });
}
