export enum CustomerErrorCode {
  AlreadyRegistered = 'CUSTOMER_ALREADY_REGISTERED',
  NotFound = 'CUSTOMER_NOT_FOUND',
  OwnerNotAllowed = 'CUSTOMER_OWNER_NOT_ALLOWED',
  RegionNotAllowed = 'CUSTOMER_REGION_NOT_ALLOWED',
}

export class CustomerError extends Error {
  constructor(
    readonly code: CustomerErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CustomerError';
  }
}
