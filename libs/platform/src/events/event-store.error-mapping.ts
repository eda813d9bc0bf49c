import { EventStoreError, EventStoreErrorCode } from '@crm/event-store';
import type { ErrorMapping } from '../http/error-mapping';
import { problemType } from '../http/problem';

const titles: Record<EventStoreErrorCode, string> = {
  [EventStoreErrorCode.StreamVersionConflict]: 'The resource was changed by someone else',
  [EventStoreErrorCode.EmptyAppend]: 'Nothing to change',
};

/** A stale version is 412 when the caller said which version it had (If-Match), else 409. */
export const eventStoreErrorMapping: ErrorMapping = {
  matches: (error) => error instanceof EventStoreError,
  toProblem: (error, request) => {
    const storeError = error as EventStoreError;
    const conditional = request.headers['if-match'] !== undefined;
    const status =
      storeError.code === EventStoreErrorCode.StreamVersionConflict
        ? conditional
          ? 412
          : 409
        : 400;
    return {
      type: problemType(storeError.code.toLowerCase().replaceAll('_', '-')),
      title: titles[storeError.code],
      status,
      detail: storeError.message,
      currentVersion: storeError.details['actualVersion'],
    };
  },
};
