import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, APP_CONFIG, type RequestContext } from '@crm/platform';
import type { KeyAccount } from '@apps/customers/src/customer/domain/customer.state';
import {
  CustomerError,
  CustomerErrorCode,
} from '@apps/customers/src/customer/domain/customer.errors';
import { CustomerCardProjection } from '@apps/customers/src/customer/infrastructure/customer-card.projection';
import { KeyAccountSlotsStore } from '@apps/customers/src/customer/infrastructure/key-account-slots.store';
import type { CustomersConfig } from '@apps/customers/src/customers.config';
import { CustomerCommands, type CommandOutcome } from '../customer-commands';
import { CustomerRepository } from '../customer.repository';

export interface DesignateKeyAccountInput {
  readonly criterion: KeyAccount['criterion'];
  readonly reason: string;
  readonly keyAccountManagerId: string;
  readonly executiveSponsorId: string;
}

/**
 * D8: designate and retire key accounts. The cap is guarded by slot documents (one unique insert
 * per slot); the stream records which slot a key account holds. A slot whose holder's stream does
 * not show it (a process died between claim and append) is freed after a grace period.
 */
@Injectable()
export class KeyAccountHandler {
  constructor(
    private readonly commands: CustomerCommands,
    private readonly customers: CustomerRepository,
    private readonly slots: KeyAccountSlotsStore,
    private readonly cards: CustomerCardProjection,
    @Inject(APP_CONFIG) private readonly config: CustomersConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async designate(
    customerId: string,
    input: DesignateKeyAccountInput,
    context: RequestContext,
  ): Promise<CommandOutcome & { slot: number }> {
    // The tier criterion (D8) reads the tier analytics last published for the customer; a
    // customer analytics has not tiered yet is judged on the other criteria.
    const { tier } = await this.cards.figuresOf(customerId);
    // Refuse early what the stream refuses anyway, so no slot is claimed for nothing.
    const designation = (slot: number) => () => ({
      type: 'DesignateKeyAccount' as const,
      data: { ...input, slot, tier, rule: this.rule() },
      now: this.clock.now(),
    });
    await this.commands.run(customerId, context, designation(1), { dryRun: true });
    const slot =
      (await this.slots.claim(customerId, this.config.KEY_ACCOUNT_CAP)) ??
      (await this.claimAfterRepair(customerId));
    try {
      const outcome = await this.commands.run(customerId, context, designation(slot));
      return { ...outcome, slot };
    } catch (error) {
      await this.slots.release(slot, customerId);
      throw error;
    }
  }

  async retire(
    customerId: string,
    reason: string,
    context: RequestContext,
  ): Promise<CommandOutcome> {
    let slot: number | undefined;
    const outcome = await this.commands.run(customerId, context, (state) => {
      slot = state.keyAccount?.slot;
      return { type: 'RetireKeyAccount', data: { reason }, now: this.clock.now() };
    });
    if (slot !== undefined) await this.slots.release(slot, customerId);
    return outcome;
  }

  private rule() {
    return {
      fundBands: this.config.KEY_ACCOUNT_FUND_BANDS,
      tiers: this.config.KEY_ACCOUNT_TIERS,
      allowStrategic: this.config.KEY_ACCOUNT_ALLOW_STRATEGIC,
      thresholds: {
        keyFrom: this.config.FUND_BAND_KEY_FROM,
        ordinaryFrom: this.config.FUND_BAND_ORDINARY_FROM,
      },
    };
  }

  /** All slots are held: free those whose holder is not (or no longer) a key account, then retry once. */
  private async claimAfterRepair(customerId: string): Promise<number> {
    const cap = this.config.KEY_ACCOUNT_CAP;
    // eslint-disable-next-line no-restricted-syntax -- a claim's age (slot repair) is real time
    const staleBefore = Date.now() - this.config.KEY_ACCOUNT_SLOT_REPAIR_AFTER_MS;
    for (const held of await this.slots.held(cap)) {
      if (held.claimedAt.getTime() > staleBefore) continue;
      const { state } = await this.customers.load(held.customerId);
      const holds = state.registered && state.keyAccount?.slot === held._id;
      if (!holds) await this.slots.release(held._id, held.customerId);
    }
    const slot = await this.slots.claim(customerId, cap);
    if (slot === undefined) {
      throw new CustomerError(
        CustomerErrorCode.KeyAccountCapReached,
        `there are already ${cap} key accounts: retire one before designating another`,
        { cap },
      );
    }
    return slot;
  }
}
