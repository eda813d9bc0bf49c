import { CodedError } from '@crm/event-store';

export enum CustomerErrorCode {
  AlreadyRegistered = 'CUSTOMER_ALREADY_REGISTERED',
  NotFound = 'CUSTOMER_NOT_FOUND',
  OwnerNotAllowed = 'CUSTOMER_OWNER_NOT_ALLOWED',
  RegionNotAllowed = 'CUSTOMER_REGION_NOT_ALLOWED',
  ContactNotFound = 'CONTACT_NOT_FOUND',
  PurchaseNotFound = 'PURCHASE_NOT_FOUND',
  PurchaseReferenceTaken = 'PURCHASE_REFERENCE_TAKEN',
  CurrencyNotAccepted = 'PURCHASE_CURRENCY_NOT_ACCEPTED',
  /** An amount the money rules refuse (ADR 90): too many decimals, zero, above the limit. */
  InvalidAmount = 'PURCHASE_AMOUNT_INVALID',
  /** A currency with no exchange rate configured for the business date (ADR 90). */
  NoExchangeRate = 'PURCHASE_NO_EXCHANGE_RATE',
  RefundExceedsPurchase = 'REFUND_EXCEEDS_PURCHASE',
  ReversalBeforePurchase = 'REVERSAL_BEFORE_PURCHASE',
  UnknownRegion = 'CUSTOMER_UNKNOWN_REGION',
  /** A hand-over naming someone the directory does not list, or outside the caller's region. */
  HandOverRefused = 'CUSTOMER_HANDOVER_REFUSED',
  InsufficientPoints = 'INSUFFICIENT_POINTS',
  /** D11: a voucher this customer never got. */
  VoucherNotFound = 'VOUCHER_NOT_FOUND',
  /** D11: a voucher is used once. */
  VoucherUsed = 'VOUCHER_ALREADY_USED',
  /** D11: a voucher is used on a purchase dated after its redemption. */
  VoucherNotYetValid = 'VOUCHER_NOT_YET_VALID',
  AlreadyKeyAccount = 'ALREADY_KEY_ACCOUNT',
  NotKeyAccount = 'NOT_KEY_ACCOUNT',
  KeyAccountCriteriaNotMet = 'KEY_ACCOUNT_CRITERIA_NOT_MET',
  KeyAccountCapReached = 'KEY_ACCOUNT_CAP_REACHED',
  Merged = 'CUSTOMER_MERGED',
  Erased = 'CUSTOMER_ERASED',
  MergeNotAllowed = 'CUSTOMER_MERGE_NOT_ALLOWED',
  /** D6: a survey answered after the moment it is recorded. */
  SurveyInFuture = 'SURVEY_IN_FUTURE',
  /** D2: a purchase dated after the moment it is recorded (beyond a minute of clock skew). */
  PurchaseInFuture = 'PURCHASE_IN_FUTURE',
}

export class CustomerError extends CodedError<CustomerErrorCode> {}
