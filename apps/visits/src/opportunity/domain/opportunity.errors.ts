import { CodedError } from '@crm/event-store';

export enum OpportunityErrorCode {
  NotFound = 'OPPORTUNITY_NOT_FOUND',
  AlreadyOpened = 'OPPORTUNITY_ALREADY_OPENED',
  Closed = 'OPPORTUNITY_CLOSED',
  BackwardWithoutReason = 'OPPORTUNITY_BACKWARD_WITHOUT_REASON',
  SameStage = 'OPPORTUNITY_SAME_STAGE',
  LostWithoutReason = 'OPPORTUNITY_LOST_WITHOUT_REASON',
  CustomerUnknown = 'OPPORTUNITY_CUSTOMER_UNKNOWN',
  OwnerNotAllowed = 'OPPORTUNITY_OWNER_NOT_ALLOWED',
  InvalidAmount = 'OPPORTUNITY_AMOUNT_INVALID',
}

export class OpportunityError extends CodedError<OpportunityErrorCode> {}
