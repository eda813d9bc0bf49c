import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { CLOCK, type Clock, APP_CONFIG, type RequestContext } from '@crm/platform';
import type { CustomersConfig } from '@apps/customers/src/customers.config';
import { CustomerCommands, type CommandOutcome } from '../customer-commands';

/** D11: points redeemed for a service voucher; the balance never goes below zero (409). */
@Injectable()
export class RedeemPointsHandler {
  constructor(
    private readonly commands: CustomerCommands,
    @Inject(APP_CONFIG) private readonly config: CustomersConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** D11: expires what was earned more than POINTS_EXPIRY_DAYS ago and not used. */
  expire(
    customerId: string,
    context: RequestContext,
    now = this.clock.now(),
  ): Promise<CommandOutcome> {
    const earnedBefore = new Date(now.getTime() - this.config.POINTS_EXPIRY_DAYS * 86_400_000);
    return this.commands.run(
      customerId,
      context,
      () => ({ type: 'ExpirePoints', data: { earnedBefore }, now }),
      {
        retries: 3,
      },
    );
  }

  async execute(
    customerId: string,
    input: { readonly points: number; readonly voucher: string },
    context: RequestContext,
  ): Promise<CommandOutcome & { redemptionId: string }> {
    const redemptionId = uuidv7();
    // A retry after a concurrent change decides again on the new balance.
    const outcome = await this.commands.run(
      customerId,
      context,
      () => ({ type: 'RedeemPoints', data: { redemptionId, ...input }, now: this.clock.now() }),
      { retries: 3 },
    );
    return { ...outcome, redemptionId };
  }
}
