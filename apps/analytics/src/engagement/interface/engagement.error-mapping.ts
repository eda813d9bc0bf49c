import { mapErrorCodes } from '@crm/platform';
import {
  EngagementError,
  EngagementErrorCode,
} from '@apps/analytics/src/engagement/domain/engagement.errors';

/** Details (currentState, allowedSteps) become fields of the problem. */
export const engagementErrorMapping = mapErrorCodes(EngagementError, {
  [EngagementErrorCode.FollowUpNotFound]: { status: 404, title: 'Follow-up not found' },
  [EngagementErrorCode.FollowUpNotOpen]: { status: 409, title: 'The follow-up is no longer open' },
  [EngagementErrorCode.ContactNotFound]: { status: 404, title: 'Contact not found' },
  [EngagementErrorCode.ContactOptedOut]: {
    status: 422,
    title: 'The contact opted out of greetings',
  },
  [EngagementErrorCode.OccasionPassed]: { status: 422, title: 'The day of the occasion is over' },
});
