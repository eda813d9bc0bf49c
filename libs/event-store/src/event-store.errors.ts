export enum EventStoreErrorCode {
  StreamVersionConflict = 'STREAM_VERSION_CONFLICT',
  EmptyAppend = 'EMPTY_APPEND',
}

export class EventStoreError extends Error {
  constructor(
    readonly code: EventStoreErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'EventStoreError';
  }
}
