import { CodedError } from '@crm/event-store';

export enum EngagementErrorCode {
  FollowUpNotFound = 'FOLLOW_UP_NOT_FOUND',
  FollowUpNotOpen = 'FOLLOW_UP_NOT_OPEN',
  ContactNotFound = 'CONTACT_NOT_FOUND',
  ContactOptedOut = 'CONTACT_OPTED_OUT',
  OccasionPassed = 'OCCASION_PASSED',
}

/** The one error class of the engagement module; each edge maps its codes. */
export class EngagementError extends CodedError<EngagementErrorCode> {}
