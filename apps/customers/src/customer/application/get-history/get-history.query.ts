import { Injectable } from '@nestjs/common';
import { mayReadHistory, type RequestContext } from '@crm/platform';
import {
  CustomerError,
  CustomerErrorCode,
} from '@apps/customers/src/customer/domain/customer.errors';
import { AuditLogStore } from '@apps/customers/src/customer/infrastructure/audit-log.store';
import { CustomerRepository } from '../customer.repository';

export interface HistoryEntry {
  readonly sequence: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly actorId: string;
  readonly correlationId: string;
  readonly data: Record<string, unknown>;
}

/** GET /customers/:id/history: the customer's stream, for audit (admin, the region's manager). */
@Injectable()
export class GetCustomerHistoryQuery {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly audit: AuditLogStore,
  ) {}

  async execute(
    customerId: string,
    context: RequestContext,
  ): Promise<{ customerId: string; events: HistoryEntry[] }> {
    const { state, events } = await this.customers.load(customerId);
    if (!state.registered || !mayReadHistory(context.scope, state)) {
      throw new CustomerError(CustomerErrorCode.NotFound, `customer ${customerId} not found`, {
        customerId,
      });
    }
    await this.audit.recordFor(context, 'customer.history.read', ['history'], customerId);
    return {
      customerId,
      events: events.map((event) => ({
        sequence: event.sequence,
        type: event.type,
        occurredAt: event.occurredAt,
        actorId: event.actorId,
        correlationId: event.correlationId,
        data: event.data,
      })),
    };
  }
}
