import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { OrganizationDirectory, type RequestContext } from '@crm/platform';
import {
  decideCustomer,
  initialCustomerState,
  type CustomerCommand,
} from '@apps/customers/src/customer/domain/customer.decider';
import { AuditLogStore } from '@apps/customers/src/customer/infrastructure/audit-log.store';
import { assertKnownRegion, assertMayRegister } from '../customer-access.policy';
import {
  FindDuplicatesQuery,
  type PossibleDuplicate,
} from '../find-duplicates/find-duplicates.query';
import { CustomerRepository } from '../customer.repository';

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
    private readonly customers: CustomerRepository,
    private readonly audit: AuditLogStore,
    private readonly duplicates: FindDuplicatesQuery,
    private readonly directory: OrganizationDirectory,
  ) {}

  async execute(
    input: RegisterCustomerInput,
    context: RequestContext,
  ): Promise<RegisterCustomerResult> {
    assertMayRegister(context.scope, input);
    assertKnownRegion(input.region, this.directory);
    const customerId = uuidv7();
    const events = decideCustomer(
      { type: 'RegisterCustomer', data: { customerId, ...input }, now: new Date() },
      initialCustomerState,
    );
    const appended = await this.customers.append(customerId, 0, events, context);
    // A replayed append belongs to the first request's customer, not to the id drawn above.
    const registeredId = appended.events[0]!.stream;
    if (!appended.replayed) {
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
    return { customerId: registeredId, version: appended.toVersion, possibleDuplicates };
  }
}
