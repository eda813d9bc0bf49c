import { MongoError, MongoErrorLabel, MongoNetworkError, MongoServerSelectionError } from 'mongodb';

/**
 * Errors that say a database, broker or Redis is unreachable or restarting: the same work may
 * succeed later. Named by class name where the class is not exported or may come from another
 * copy of a library; driver errors are also matched by class, so subclasses with a name of their
 * own (a cleared pool is `MongoPoolClearedError`, a `MongoNetworkError`) are not missed.
 */
const UNAVAILABLE_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoPoolClearedError',
  'MongoWaitQueueTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoServerClosedError',
  'MongoTopologyClosedError',
  'KafkaJSConnectionError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNoBrokerAvailableError',
  // ioredis: a command given up after its retries while Redis restarts.
  'MaxRetriesPerRequestError',
]);

/** Labels the MongoDB driver puts on server errors that a retry may cure (a primary stepping down or shutting down). */
const RETRYABLE_LABELS = [MongoErrorLabel.RetryableWriteError, MongoErrorLabel.ResetPool];

const isUnavailable = (error: Error): boolean =>
  UNAVAILABLE_NAMES.has(error.name) ||
  error instanceof MongoNetworkError ||
  error instanceof MongoServerSelectionError ||
  (error instanceof MongoError && RETRYABLE_LABELS.some((label) => error.hasErrorLabel(label))) ||
  // mongoose queues commands while it has no connection and gives up after bufferTimeoutMS.
  (error.name === 'MongooseError' && /buffering timed out/.test(error.message)) ||
  // ioredis, on a command sent while the connection is down.
  /^Connection is closed\.?$/.test(error.message);

/** True when the error, or an error it was caused by, says infrastructure is unavailable. */
export function isInfrastructureUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (isUnavailable(current)) return true;
    current = current.cause;
  }
  return false;
}
