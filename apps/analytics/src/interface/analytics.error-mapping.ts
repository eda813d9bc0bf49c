import { mapErrorCodes } from '@crm/platform';
import { AnalyticsError, AnalyticsErrorCode } from '@apps/analytics/src/domain/analytics.errors';

export const analyticsErrorMapping = mapErrorCodes(AnalyticsError, {
  [AnalyticsErrorCode.TierHistoryNotFound]: {
    status: 404,
    title: 'The customer has never had a tier',
  },
  [AnalyticsErrorCode.AsOfInFuture]: { status: 400, title: 'The date is in the future' },
  [AnalyticsErrorCode.AsOfBeforeFirstRecomputation]: {
    status: 400,
    title: 'No tiers had been assigned on that date',
  },
  [AnalyticsErrorCode.AsOfBeforeFirstEvaluation]: {
    status: 400,
    title: 'No lifecycle stage had been recorded on that date',
  },
  [AnalyticsErrorCode.CustomerNotFound]: { status: 404, title: 'Customer not found' },
});
