import { CodedError } from '@crm/event-store';

export enum ComplaintErrorCode {
  NotFound = 'COMPLAINT_NOT_FOUND',
  AlreadyRecorded = 'COMPLAINT_ALREADY_RECORDED',
  IllegalStep = 'COMPLAINT_ILLEGAL_STEP',
  ApprovalNotPermitted = 'COMPLAINT_APPROVAL_NOT_PERMITTED',
  HigherApproverRequired = 'COMPLAINT_HIGHER_APPROVER_REQUIRED',
  OwnProposal = 'COMPLAINT_OWN_PROPOSAL',
  ReopenWindowClosed = 'COMPLAINT_REOPEN_WINDOW_CLOSED',
  CustomerUnknown = 'COMPLAINT_CUSTOMER_UNKNOWN',
  CustomerMerged = 'COMPLAINT_CUSTOMER_MERGED',
  CustomerErased = 'COMPLAINT_CUSTOMER_ERASED',
}

export class ComplaintError extends CodedError<ComplaintErrorCode> {}
