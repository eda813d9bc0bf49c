import { mapErrorCodes } from '@crm/platform';
import {
  ComplaintError,
  ComplaintErrorCode,
} from '@apps/complaints/src/complaint/domain/complaint.errors';

/** Details (currentState, allowedSteps, requiredRole, …) become fields of the problem. */
export const complaintErrorMapping = mapErrorCodes(ComplaintError, {
  [ComplaintErrorCode.NotFound]: { status: 404, title: 'Complaint not found' },
  [ComplaintErrorCode.AlreadyRecorded]: { status: 409, title: 'The complaint is already recorded' },
  [ComplaintErrorCode.IllegalStep]: {
    status: 409,
    title: 'This step is not allowed in the current state',
  },
  [ComplaintErrorCode.ApprovalNotPermitted]: {
    status: 403,
    title: 'You may not decide on resolution plans',
  },
  [ComplaintErrorCode.HigherApproverRequired]: {
    status: 403,
    title: 'This plan needs the higher approver',
  },
  [ComplaintErrorCode.OwnProposal]: {
    status: 403,
    title: 'Someone other than the proposer must approve this plan',
  },
  [ComplaintErrorCode.ReopenWindowClosed]: { status: 409, title: 'The reopen window has passed' },
  // 422 for all three (ADR 141): the body is well formed, the customer it names takes no complaint.
  [ComplaintErrorCode.CustomerUnknown]: {
    status: 422,
    title: 'The customer is not known to the complaints service',
  },
  [ComplaintErrorCode.CustomerMerged]: {
    status: 422,
    title: 'The customer was merged into another: record the complaint there',
  },
  [ComplaintErrorCode.CustomerErased]: {
    status: 422,
    title: 'The customer was erased: no complaint can be recorded for it',
  },
});
