import { mapErrorCodes } from '@crm/platform';
import { CustomerError, CustomerErrorCode } from '../domain/customer.errors';

export const customerErrorMapping = mapErrorCodes(CustomerError, {
  [CustomerErrorCode.AlreadyRegistered]: {
    status: 409,
    title: 'The customer is already registered',
  },
  [CustomerErrorCode.NotFound]: { status: 404, title: 'Customer not found' },
  [CustomerErrorCode.OwnerNotAllowed]: { status: 403, title: 'You may not assign this owner' },
  [CustomerErrorCode.RegionNotAllowed]: { status: 403, title: 'You may not act in this region' },
  [CustomerErrorCode.ContactNotFound]: { status: 404, title: 'Contact not found' },
  [CustomerErrorCode.PurchaseNotFound]: { status: 404, title: 'Purchase not found' },
  [CustomerErrorCode.PurchaseReferenceTaken]: {
    status: 409,
    title: 'This order reference was recorded for another customer',
  },
  [CustomerErrorCode.CurrencyNotAccepted]: {
    status: 422,
    title: 'Purchases are recorded in the company currency',
  },
  [CustomerErrorCode.InvalidAmount]: {
    status: 422,
    title: 'The amount is not one the system can record exactly',
  },
  [CustomerErrorCode.NoExchangeRate]: {
    status: 422,
    title: 'No exchange rate into the company currency is configured for this currency and date',
  },
  [CustomerErrorCode.RefundExceedsPurchase]: {
    status: 409,
    title: 'The refund exceeds what remains of the purchase',
  },
  [CustomerErrorCode.SurveyInFuture]: {
    status: 422,
    title: 'A survey cannot be dated after it is recorded',
  },
  [CustomerErrorCode.PurchaseInFuture]: {
    status: 422,
    title: 'A purchase cannot be dated after it is recorded',
  },
  [CustomerErrorCode.ReversalBeforePurchase]: {
    status: 422,
    title: 'A reversal cannot be dated before the purchase it reverses',
  },
  [CustomerErrorCode.UnknownRegion]: {
    status: 422,
    title: 'The region is not a region of the organization',
  },
  [CustomerErrorCode.HandOverRefused]: {
    status: 422,
    title: 'The hand-over names a person who cannot give or take these customers',
  },
  [CustomerErrorCode.InsufficientPoints]: { status: 409, title: 'Not enough points' },
  [CustomerErrorCode.VoucherNotFound]: {
    status: 422,
    title: 'The customer has no such voucher',
  },
  [CustomerErrorCode.VoucherUsed]: { status: 409, title: 'The voucher has been used' },
  [CustomerErrorCode.VoucherNotYetValid]: {
    status: 422,
    title: 'A voucher is used on a purchase dated after its redemption',
  },
  [CustomerErrorCode.AlreadyKeyAccount]: {
    status: 409,
    title: 'The customer is already a key account',
  },
  [CustomerErrorCode.NotKeyAccount]: { status: 409, title: 'The customer is not a key account' },
  [CustomerErrorCode.KeyAccountCriteriaNotMet]: {
    status: 409,
    title: 'The key-account criteria are not met',
  },
  [CustomerErrorCode.KeyAccountCapReached]: {
    status: 409,
    title: 'The key-account cap is reached',
  },
  [CustomerErrorCode.Merged]: {
    status: 409,
    title: 'The customer was merged into another: it is read-only',
  },
  [CustomerErrorCode.Erased]: { status: 409, title: 'The customer has been erased' },
  [CustomerErrorCode.MergeNotAllowed]: { status: 409, title: 'This merge is not allowed' },
});
