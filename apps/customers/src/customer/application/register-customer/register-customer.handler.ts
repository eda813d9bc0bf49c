import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import {
  causeOf,
  CLOCK,
  type Clock,
  OrganizationDirectory,
  type RequestContext,
} from '@crm/platform';
import type { CustomerCommand } from '@apps/customers/src/customer/domain/customer.decider';
import { CUSTOMER_HANDLER } from '@apps/customers/src/customer/customers.tokens';
import { AuditLogStore } from '@apps/customers/src/customer/infrastructure/audit-log.store';
import { assertKnownRegion, assertMayRegister } from '../customer-access.policy';
import {
  FindDuplicatesQuery,
  type PossibleDuplicate,
} from '../find-duplicates/find-duplicates.query';
import type { CustomerCommandHandler } from '../customer-commands';

export type RegisterCustomerInput = Omit<
  Extract<CustomerCommand, { type: 'RegisterCustomer' }>['data'],
  'customerId'
>;

export interface RegisterCustomerResult {
  readonly customerId: string;
  readonly version: number;
  /** Customers (visible to the caller) with the same normalised name, phone, e-mail or tax number. */
  readonly possibleDuplicates: readonly PossibleDuplicate[];
}

@Injectable()
export class RegisterCustomerHandler {
  constructor(
    @Inject(CUSTOMER_HANDLER) private readonly customers: CustomerCommandHandler,
    private readonly audit: AuditLogStore,
    private readonly duplicates: FindDuplicatesQuery,
    private readonly directory: OrganizationDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(
    input: RegisterCustomerInput,
    context: RequestContext,
  ): Promise<RegisterCustomerResult> {
    assertMayRegister(context.scope, input);
    assertKnownRegion(input.region, this.directory);
    const customerId = uuidv7();
    const registered = await this.customers.handle(
      customerId,
      { type: 'RegisterCustomer', data: { customerId, ...input }, now: this.clock.now() },
      causeOf(context),
    );
    // A replayed request belongs to the first request's customer, not to the id drawn above.
    const registeredId = registered.stream;
    if (!registered.replayed) {
      await this.audit.record({
        actorId: context.principal.userId,
        roles: context.principal.roles,
        action: 'customer.changed',
        customerId: registeredId,
        correlationId: context.correlationId,
        what: ['CustomerRegistered'],
      });
    }
    const possibleDuplicates = await this.duplicates.of(input, registeredId, context.scope);
    return { customerId: registeredId, version: registered.version, possibleDuplicates };
  }
}
