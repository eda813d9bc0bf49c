import { mapErrorCodes } from '@crm/platform';
import { CustomerError, CustomerErrorCode } from '../domain/customer.errors';

export const customerErrorMapping = mapErrorCodes(CustomerError, {
  [CustomerErrorCode.AlreadyRegistered]: { status: 409, title: 'The customer is already registered' },
  [CustomerErrorCode.NotFound]: { status: 404, title: 'Customer not found' },
  [CustomerErrorCode.OwnerNotAllowed]: { status: 403, title: 'You may not assign this owner' },
  [CustomerErrorCode.RegionNotAllowed]: { status: 403, title: 'You may not act in this region' },
});
