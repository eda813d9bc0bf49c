import { mapErrorCodes } from '@crm/platform';
import { VisitError, VisitErrorCode } from '@apps/visits/src/visit/domain/visit.errors';

export const visitErrorMapping = mapErrorCodes(VisitError, {
  [VisitErrorCode.NotFound]: { status: 404, title: 'Visit not found' },
  [VisitErrorCode.AlreadyPlanned]: { status: 409, title: 'The visit already exists' },
  [VisitErrorCode.IllegalTransition]: {
    status: 409,
    title: 'The visit cannot take this step in its current state',
  },
  [VisitErrorCode.SameDate]: { status: 409, title: 'The visit is already planned on that day' },
  [VisitErrorCode.NotYetDue]: {
    status: 409,
    title: 'The visit cannot be completed before its day',
  },
  [VisitErrorCode.CustomerUnknown]: {
    status: 422,
    title: 'The customer is not known to the visits service',
  },
  [VisitErrorCode.RepNotAllowed]: { status: 403, title: 'You may not plan this visit' },
  [VisitErrorCode.OpportunityMismatch]: {
    status: 422,
    title: 'The opportunity does not belong to this customer',
  },
});
