import { Inject, Injectable } from '@nestjs/common';
import type { ProfileChanges } from '@crm/contracts';
import { APP_CONFIG, type RequestContext } from '@crm/platform';
import type { CustomersConfig } from '@apps/customers/src/customers.config';
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
    @Inject(APP_CONFIG) private readonly config: CustomersConfig,
  ) {}

  execute(
    customerId: string,
    input: UpdateCustomerInput,
    context: RequestContext,
  ): Promise<CommandOutcome> {
    if (input.changes.region !== undefined) {
      assertKnownRegion(input.changes.region, this.config.ORGANIZATION_REGIONS);
    }
    return this.commands.run(
      customerId,
      context,
      () => ({ type: 'UpdateProfile', data: input, now: new Date() }),
      {
        authorize: (state) =>
          assertMayReassign(context.principal, {
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
