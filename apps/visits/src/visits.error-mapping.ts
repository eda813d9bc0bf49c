import { mapErrorCodes } from '@crm/platform';
import { OpportunityError, OpportunityErrorCode } from './opportunity/domain/opportunity.errors';
import { VisitError, VisitErrorCode } from './visit/domain/visit.errors';

export const visitErrorMapping = mapErrorCodes(VisitError, {
  [VisitErrorCode.NotFound]: { status: 404, title: 'Visit not found' },
  [VisitErrorCode.AlreadyPlanned]: { status: 409, title: 'The visit already exists' },
  [VisitErrorCode.IllegalTransition]: {
    status: 409,
    title: 'The visit cannot take this step in its current state',
  },
  [VisitErrorCode.SameDate]: { status: 409, title: 'The visit is already planned on that day' },
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

export const opportunityErrorMapping = mapErrorCodes(OpportunityError, {
  [OpportunityErrorCode.NotFound]: { status: 404, title: 'Opportunity not found' },
  [OpportunityErrorCode.AlreadyOpened]: { status: 409, title: 'The opportunity already exists' },
  [OpportunityErrorCode.Closed]: { status: 409, title: 'The opportunity is won or lost: final' },
  [OpportunityErrorCode.BackwardWithoutReason]: {
    status: 409,
    title: 'Moving an opportunity back needs a reason',
  },
  [OpportunityErrorCode.SameStage]: {
    status: 409,
    title: 'The opportunity is already at that stage',
  },
  [OpportunityErrorCode.LostWithoutReason]: {
    status: 409,
    title: 'A lost opportunity needs a reason',
  },
  [OpportunityErrorCode.CustomerUnknown]: {
    status: 422,
    title: 'The customer is not known to the visits service',
  },
  [OpportunityErrorCode.OwnerNotAllowed]: {
    status: 403,
    title: 'You may not open this opportunity',
  },
});
