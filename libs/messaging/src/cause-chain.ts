/**
 * True when the error, or an error it was caused by (`cause`, a few levels deep), passes the test:
 * drivers wrap what went wrong (kafkajs' NonRetriable around a retriable one, a pool error around
 * a network error), and the wrapped error is the one that says what to do.
 */
export function someCause(error: unknown, test: (error: Error) => boolean, depth = 5): boolean {
  let current: unknown = error;
  for (let level = 0; current instanceof Error && level < depth; level += 1) {
    if (test(current)) return true;
    current = current.cause;
  }
  return false;
}
