import { Inject, Injectable } from '@nestjs/common';
import type { ProfileChanges } from '@crm/contracts';
import { CLOCK, type Clock, OrganizationDirectory, type RequestContext } from '@crm/platform';
import { assertKnownRegion, assertMayReassign } from '../customer-access.policy';
import { CustomerCommands, type CommandOutcome } from '../customer-commands';

export interface UpdateCustomerInput {
  readonly changes: ProfileChanges;
  readonly ownerId?: string | undefined;
  readonly keyAccountManagerId?: string | null | undefined;
}

/** PATCH /customers/:id: profile fields, owner and key-account manager (computed figures never). */
@Injectable()
export class UpdateCustomerHandler {
  constructor(
    private readonly commands: CustomerCommands,
    private readonly directory: OrganizationDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(
    customerId: string,
    input: UpdateCustomerInput,
    context: RequestContext,
  ): Promise<CommandOutcome> {
    if (input.changes.region !== undefined) {
      assertKnownRegion(input.changes.region, this.directory);
    }
    return this.commands.run(
      customerId,
      context,
      () => ({ type: 'UpdateProfile', data: input, now: this.clock.now() }),
      {
        authorize: (state) =>
          assertMayReassign(context.scope, {
            ownerId:
              input.ownerId !== undefined && input.ownerId !== state.ownerId
                ? input.ownerId
                : undefined,
            region:
              input.changes.region !== undefined && input.changes.region !== state.region
                ? input.changes.region
                : undefined,
            keyAccountManagerId:
              input.keyAccountManagerId !== undefined &&
              input.keyAccountManagerId !== (state.keyAccountManagerId ?? null)
                ? input.keyAccountManagerId
                : undefined,
          }),
      },
    );
  }
}
