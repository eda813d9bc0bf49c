import { CodedError } from './coded-error';

export enum EventStoreErrorCode {
  StreamVersionConflict = 'STREAM_VERSION_CONFLICT',
  EmptyAppend = 'EMPTY_APPEND',
}

export class EventStoreError extends CodedError<EventStoreErrorCode> {}

/**
 * A caller that names the version it read (If-Match) must name the current one: otherwise the
 * command is refused before anything is decided (HTTP 412).
 */
export function assertStreamVersion(
  stream: string,
  actual: number,
  expected: number | undefined,
): void {
  if (expected !== undefined && expected !== actual) {
    throw new EventStoreError(
      EventStoreErrorCode.StreamVersionConflict,
      `stream ${stream} is at version ${actual}, not ${expected}`,
      { stream, expectedVersion: expected, actualVersion: actual },
    );
  }
}
