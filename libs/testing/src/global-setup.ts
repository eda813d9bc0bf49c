import { execSync } from 'node:child_process';

const REQUIRED = ['KAFKA_BROKERS', 'MONGODB_URI', 'REDIS_URL'] as const;

type Started = { stop(): Promise<unknown> };
declare global {
  var __crmContainers: Started[] | undefined;
}

const dockerAnswers = (): boolean => {
  try {
    execSync('docker info', { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
};

/**
 * Integration tests need the real services. Given their addresses, use them; else, where a Docker
 * engine answers, start them with testcontainers; else stop with a message that says what to do.
 */
export default async function globalSetup(): Promise<void> {
  const missing = REQUIRED.filter((name) => !process.env[name]);
  if (missing.length === 0) return;
  if (!dockerAnswers()) {
    throw new Error(
      `integration tests need ${missing.join(', ')}. Start the native stack and export its ` +
        'addresses with:  eval "$(scripts/stack.sh up)"  (or run them where Docker answers).',
    );
  }
  const { GenericContainer, Wait } = await import('testcontainers');
  const kafka = await new GenericContainer('apache/kafka:4.1.1')
    .withExposedPorts({ container: 9092, host: 19092 })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://localhost:19092',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  const mongo = await new GenericContainer('mongo:8')
    .withExposedPorts(27017)
    .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
    .start();
  const redis = await new GenericContainer('redis:7')
    .withCommand(['redis-server', '--appendonly', 'yes', '--maxmemory-policy', 'noeviction'])
    .withExposedPorts(6379)
    .start();
  globalThis.__crmContainers = [kafka, mongo, redis];
  process.env['KAFKA_BROKERS'] = 'localhost:19092';
  process.env['MONGODB_URI'] = `mongodb://${mongo.getHost()}:${mongo.getMappedPort(27017)}`;
  process.env['REDIS_URL'] = `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`;
}
