import { Injectable } from '@nestjs/common';
import type { CustomerKeyShredder } from '@crm/platform';
import { OpportunityViewProjection } from '@apps/visits/src/opportunity/infrastructure/opportunity-view.projection';
import { VisitDataCodec } from '@apps/visits/src/visit/infrastructure/visit-data.codec';
import { VisitViewProjection } from '@apps/visits/src/visit/infrastructure/visit-view.projection';

/**
 * CustomerErased, in the visits service (ADR 110): the customer's visits key goes first (stored and
 * republished events read as redacted from then on), then the free text the lists hold. The
 * customer directory drops the name on the same event, in its own consumer.
 */
@Injectable()
export class ForgetCustomerHandler implements CustomerKeyShredder {
  constructor(
    private readonly codec: VisitDataCodec,
    private readonly visits: VisitViewProjection,
    private readonly opportunities: OpportunityViewProjection,
  ) {}

  async shred(customerId: string): Promise<void> {
    await this.codec.shred(customerId);
    await this.visits.forgetCustomer(customerId);
    await this.opportunities.forgetCustomer(customerId);
  }
}
