import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, mayAct, type RequestContext } from '@crm/platform';
import { decideCustomer } from '@apps/customers/src/customer/domain/customer.decider';
import type { RegisteredState } from '@apps/customers/src/customer/domain/customer.state';
import {
  CustomerError,
  CustomerErrorCode,
} from '@apps/customers/src/customer/domain/customer.errors';
import { CustomerCommands, type CommandOutcome } from '../customer-commands';
import { CustomerRepository } from '../customer.repository';

export interface MergeOutcome {
  readonly duplicate: CommandOutcome;
  readonly survivor: CommandOutcome;
}

/**
 * Merges a duplicate into a survivor with two appends (there are no multi-stream transactions):
 * first the duplicate's CustomerMerged (it is read-only from then on), then the survivor's, which
 * carries the duplicate's purchases, points and contacts. The survivor's append is idempotent
 * (keyed by the pair, and the survivor remembers whom it absorbed), so a request that failed
 * between the two is completed by repeating it.
 */
@Injectable()
export class MergeCustomersHandler {
  constructor(
    private readonly commands: CustomerCommands,
    private readonly customers: CustomerRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(
    duplicateId: string,
    survivorId: string,
    context: RequestContext,
  ): Promise<MergeOutcome> {
    const survivor = await this.customers.load(survivorId);
    if (!survivor.state.registered || !mayAct(context.scope, survivor.state)) {
      throw new CustomerError(CustomerErrorCode.NotFound, `customer ${survivorId} not found`, {
        customerId: survivorId,
      });
    }
    const survivorState = survivor.state;
    const mergeInto = () => ({
      type: 'MergeInto' as const,
      data: { survivorId },
      now: this.clock.now(),
    });
    // Refuse before anything is appended: the duplicate (access, If-Match, state) and the survivor.
    await this.commands.run(duplicateId, context, mergeInto, {
      dryRun: true,
      authorize: (duplicate) => this.assertSurvivorAccepts(survivorState, duplicate, survivorId),
    });
    const duplicate = await this.commands.run(duplicateId, context, mergeInto, { retries: 3 });
    const merged = await this.customers.load(duplicateId);
    const { expectedVersion: _, ...withoutIfMatch } = context;
    const survivorOutcome = await this.commands.run(
      survivorId,
      withoutIfMatch,
      () => ({
        type: 'AbsorbDuplicate' as const,
        data: { duplicate: merged.state as RegisteredState },
        now: this.clock.now(),
      }),
      { retries: 3, idempotencyKey: `merge:${duplicateId}:${survivorId}` },
    );
    return { duplicate, survivor: survivorOutcome };
  }

  private assertSurvivorAccepts(
    survivor: RegisteredState,
    duplicate: RegisteredState,
    survivorId: string,
  ): void {
    if (duplicate.mergedInto !== null && duplicate.mergedInto !== survivorId) {
      throw new CustomerError(
        CustomerErrorCode.Merged,
        `the customer was merged into ${duplicate.mergedInto}`,
        { currentState: 'merged', mergedInto: duplicate.mergedInto, allowed: ['erase'] },
      );
    }
    decideCustomer(
      {
        type: 'AbsorbDuplicate',
        data: { duplicate: { ...duplicate, mergedInto: survivorId } },
        now: this.clock.now(),
      },
      survivor,
    );
  }
}
