import { CodedError } from '@crm/event-store';

export enum AnalyticsErrorCode {
  TierHistoryNotFound = 'TIER_HISTORY_NOT_FOUND',
  AsOfInFuture = 'AS_OF_IN_FUTURE',
  AsOfBeforeFirstRecomputation = 'AS_OF_BEFORE_FIRST_RECOMPUTATION',
  AsOfBeforeFirstEvaluation = 'AS_OF_BEFORE_FIRST_EVALUATION',
  CustomerNotFound = 'CUSTOMER_NOT_FOUND',
}

/** The one error class of analytics' application code; mapped to problems at the HTTP edge. */
export class AnalyticsError extends CodedError<AnalyticsErrorCode> {}
