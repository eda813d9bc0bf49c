import { CodedError } from '@crm/event-store';

export enum VisitErrorCode {
  NotFound = 'VISIT_NOT_FOUND',
  AlreadyPlanned = 'VISIT_ALREADY_PLANNED',
  IllegalTransition = 'VISIT_ILLEGAL_TRANSITION',
  SameDate = 'VISIT_SAME_DATE',
  NotYetDue = 'VISIT_NOT_YET_DUE',
  CustomerUnknown = 'VISIT_CUSTOMER_UNKNOWN',
  RepNotAllowed = 'VISIT_REP_NOT_ALLOWED',
  OpportunityMismatch = 'VISIT_OPPORTUNITY_MISMATCH',
}

export class VisitError extends CodedError<VisitErrorCode> {}
