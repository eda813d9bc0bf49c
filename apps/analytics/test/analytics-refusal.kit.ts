import { AnalyticsError } from '@apps/analytics/src/domain/analytics.errors';

/** The code and details of the AnalyticsError `call` throws; fails if it throws none. */
export const refusal = (call: () => unknown) => {
  try {
    call();
  } catch (error) {
    if (error instanceof AnalyticsError) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('expected a refusal');
};
