import { Inject, Injectable } from '@nestjs/common';
import type { CustomerEvent } from '@crm/contracts';
import { CLOCK, type Clock, type RequestContext } from '@crm/platform';
import { CustomerDataCodec } from '@apps/customers/src/customer/infrastructure/customer-data.codec';
import { CustomerCommands, type CommandOutcome } from '../customer-commands';

type CustomerErased = Extract<CustomerEvent, { type: 'CustomerErased' }>['data'];

export type EraseCustomerInput = Pick<CustomerErased, 'reason' | 'requestReference'>;

/**
 * Erasure on request (personal-information law): the customer's data key is deleted, which makes
 * every personal field of its stored events unreadable, then CustomerErased tells the read models
 * (here and in other services) to drop what they hold. One-way: a request for a customer already
 * erased is refused by the dry run (409) before anything is touched. A request whose append failed
 * after the shred finds the key gone but no CustomerErased yet, and appends it.
 */
@Injectable()
export class EraseCustomerHandler {
  constructor(
    private readonly commands: CustomerCommands,
    private readonly codec: CustomerDataCodec,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(
    customerId: string,
    input: EraseCustomerInput,
    context: RequestContext,
  ): Promise<CommandOutcome> {
    const erase = () => ({ type: 'EraseCustomer' as const, data: input, now: this.clock.now() });
    // Access and If-Match first: nothing is shredded for a caller who may not erase.
    await this.commands.run(customerId, context, erase, { dryRun: true });
    // The key goes before the event: from here on every load and publication reads as redacted,
    // even if the append below has to be retried.
    await this.codec.shred(customerId);
    return this.commands.run(customerId, context, erase, { retries: 3 });
  }
}
