import { MaxRetriesPerRequestError } from 'ioredis/built/errors';
import { KafkaJSConnectionError, KafkaJSNonRetriableError } from 'kafkajs';
import { MongoNetworkError, MongoServerError } from 'mongodb';
import mongoose from 'mongoose';
import { isTransientFailure } from './events/event-consumer.factory';
import { isInfrastructureUnavailable } from './infrastructure-errors';

// The driver's connection-pool errors, as the pool raises them (not in its public typings).
const { PoolClearedError, WaitQueueTimeoutError } = jest.requireActual<{
  PoolClearedError: new (pool: { address: string }) => Error;
  WaitQueueTimeoutError: new (message: string, address: string) => Error;
}>('mongodb/lib/cmap/errors');

/**
 * The errors the drivers raise while the database, the broker or Redis restarts, as the drivers
 * build them: a consumer must wait these out, never dead-letter the record (a dead-lettered
 * projection record is a read model that misses an event), and HTTP answers 503, not 500.
 */
describe('infrastructure errors', () => {
  const unavailable: [string, Error][] = [
    ['a network error', new MongoNetworkError('connection 4 to 127.0.0.1:27017 closed')],
    // A subclass with a name of its own: the pool is cleared after a network error.
    ['a cleared connection pool', new PoolClearedError({ address: '127.0.0.1:27017' })],
    [
      'a full wait queue',
      new WaitQueueTimeoutError('Timed out while checking out a connection', '127.0.0.1:27017'),
    ],
    [
      'a server shutting down (retryable label)',
      new MongoServerError({
        message: 'interrupted at shutdown',
        code: 11600,
        errorLabels: ['RetryableWriteError'],
      }),
    ],
    [
      'mongoose giving up on its command buffer',
      new mongoose.Error('Operation `customer_cards.findOne()` buffering timed out after 10000ms'),
    ],
    ['the broker unreachable', new KafkaJSConnectionError('Connection error: ECONNREFUSED')],
    ['Redis restarting', new MaxRetriesPerRequestError(20) as unknown as Error],
    ['Redis closed', new Error('Connection is closed.')],
    [
      'any of these as the cause of another error',
      new Error('projection failed', { cause: new MongoNetworkError('socket hang up') }),
    ],
  ];

  it.each(unavailable)('%s is transient for consumers and unavailable for HTTP', (_, error) => {
    expect(isInfrastructureUnavailable(error)).toBe(true);
    expect(isTransientFailure(error)).toBe(true);
  });

  const failures: [string, Error][] = [
    ['a duplicate key', new MongoServerError({ message: 'E11000 duplicate key', code: 11000 })],
    [
      'a string PostgreSQL refuses (NUL)',
      new MongoServerError({ message: 'unsupported Unicode escape sequence', code: 2 }),
    ],
    ['a handler bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a broker refusal that no retry cures', new KafkaJSNonRetriableError('message too large')],
  ];

  it.each(failures)('%s is a failure to dead-letter, not an outage', (_, error) => {
    expect(isInfrastructureUnavailable(error)).toBe(false);
    expect(isTransientFailure(error)).toBe(false);
  });

  it('waits for another service key API', () => {
    const keyApiDown = Object.assign(new Error('key API of customers answered 503'), {
      name: 'DataKeyUnavailable',
    });
    expect(isTransientFailure(keyApiDown)).toBe(true);
    expect(isInfrastructureUnavailable(keyApiDown)).toBe(false);
  });
});
