import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { uniqueSuffix } from '@crm/testing';

export interface BenchContext {
  readonly quick: boolean;
  readonly suffix: string;
  readonly mongo: MongoClient;
  readonly kafka: Kafka;
  readonly redisUrl: string;
  log(message: string): void;
}

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (npm run bench brings the stack up)`);
  return value;
};

export async function openContext(quick: boolean): Promise<BenchContext> {
  const mongo = await MongoClient.connect(required('MONGODB_URI'), { maxPoolSize: 100 });
  return {
    quick,
    suffix: uniqueSuffix(),
    mongo,
    kafka: new Kafka({
      clientId: 'bench',
      brokers: required('KAFKA_BROKERS').split(','),
      logLevel: logLevel.NOTHING,
    }),
    redisUrl: required('REDIS_URL'),
    log: (message) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`),
  };
}
