import { mapErrorCodes } from '@crm/platform';
import {
  OpportunityError,
  OpportunityErrorCode,
} from '@apps/visits/src/opportunity/domain/opportunity.errors';

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
  [OpportunityErrorCode.InvalidAmount]: {
    status: 422,
    title: 'The amount is not one the system can record exactly',
  },
});
