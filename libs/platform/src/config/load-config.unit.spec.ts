import { z } from 'zod';
import { serviceConfigSchema } from './config.schema';
import { ConfigError, loadConfig } from './load-config';

const schema = serviceConfigSchema({
  SERVICE_NAME: z.string().default('customers'),
  PORT: z.coerce.number().int().default(3001),
  MONGODB_DATABASE: z.string().default('crm_customers'),
});

const valid = {
  KAFKA_BROKERS: 'a:9092, b:9092',
  MONGODB_URI: 'mongodb://localhost:27017',
  REDIS_URL: 'redis://localhost:6379',
  JWT_SECRET: 'a-secret-of-sixteen-or-more',
};

describe('loadConfig', () => {
  it('parses and applies defaults', () => {
    const config = loadConfig(schema, {}, valid);
    expect(config.KAFKA_BROKERS).toEqual(['a:9092', 'b:9092']);
    expect(config.PORT).toBe(3001);
    expect(config.OUTBOX_POLL_INTERVAL_MS).toBe(5_000);
  });

  it('binds to the loopback interface unless another address is configured', () => {
    expect(loadConfig(schema, {}, valid).HOST).toBe('127.0.0.1');
    expect(loadConfig(schema, {}, { ...valid, HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('names every missing or bad variable', () => {
    let caught: unknown;
    try {
      loadConfig(
        schema,
        {},
        { ...valid, KAFKA_BROKERS: '', MONGODB_URI: 'postgres://x', PORT: 'abc' },
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as ConfigError).message;
    expect(message).toMatch(/KAFKA_BROKERS/);
    expect(message).toMatch(/MONGODB_URI: must be a mongodb:\/\/ URI/);
    expect(message).toMatch(/PORT/);
  });

  it('requires a way to verify tokens', () => {
    const { JWT_SECRET: _, ...withoutSecret } = valid;
    expect(() => loadConfig(schema, {}, withoutSecret)).toThrow(/JWT_SECRET: set JWT_SECRET/);
  });
});
