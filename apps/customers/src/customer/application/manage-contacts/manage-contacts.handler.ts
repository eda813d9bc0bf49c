import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { ContactChanges, ContactData } from '@crm/contracts';
import { CLOCK, type Clock, type RequestContext } from '@crm/platform';
import { CustomerCommands, type CommandOutcome } from '../customer-commands';

/** Contacts at the customer: added, changed, removed — each an event on the customer's stream. */
@Injectable()
export class ManageContactsHandler {
  constructor(
    private readonly commands: CustomerCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async add(
    customerId: string,
    contact: ContactData,
    context: RequestContext,
  ): Promise<CommandOutcome & { contactId: string }> {
    const contactId = uuidv7();
    const outcome = await this.commands.run(customerId, context, () => ({
      type: 'AddContact',
      data: { contactId, contact },
      now: this.clock.now(),
    }));
    return { ...outcome, contactId };
  }

  update(
    customerId: string,
    contactId: string,
    changes: ContactChanges,
    context: RequestContext,
  ): Promise<CommandOutcome> {
    return this.commands.run(customerId, context, () => ({
      type: 'UpdateContact',
      data: { contactId, changes },
      now: this.clock.now(),
    }));
  }

  remove(customerId: string, contactId: string, context: RequestContext): Promise<CommandOutcome> {
    return this.commands.run(customerId, context, () => ({
      type: 'RemoveContact',
      data: { contactId },
      now: this.clock.now(),
    }));
  }
}
