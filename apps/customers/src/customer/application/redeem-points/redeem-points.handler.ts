import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { RequestContext } from '@crm/platform';
import { CustomerCommands, type CommandOutcome } from '../customer-commands';

/** D11: points redeemed for a service voucher; the balance never goes below zero (409). */
@Injectable()
export class RedeemPointsHandler {
  constructor(private readonly commands: CustomerCommands) {}

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
      () => ({ type: 'RedeemPoints', data: { redemptionId, ...input }, now: new Date() }),
      { retries: 3 },
    );
    return { ...outcome, redemptionId };
  }
}
