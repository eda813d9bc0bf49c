import { Inject, Injectable } from '@nestjs/common';
import type { OpportunityEvent } from '@crm/contracts';
import { assertStreamVersion, type MongoEventStore, type OutboxRelay } from '@crm/event-store';
import { EVENT_STORE, OUTBOX_RELAY } from '@crm/platform';
import {
  evolveOpportunity,
  initialOpportunityState,
  type OpportunityState,
} from '@apps/visits/src/opportunity/domain/opportunity.decider';
import type { AppendCause } from '@apps/visits/src/visit/application/visit.repository';

/** An opportunity is its stream (id = opportunity id). */
@Injectable()
export class OpportunityRepository {
  constructor(
    @Inject(EVENT_STORE) private readonly store: MongoEventStore,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
  ) {}

  async load(opportunityId: string): Promise<{ state: OpportunityState; version: number }> {
    const stream = await this.store.load(opportunityId);
    const state = stream.events.reduce(
      (current, event) =>
        evolveOpportunity(current, { type: event.type, data: event.data } as OpportunityEvent),
      initialOpportunityState,
    );
    return { state, version: stream.version };
  }

  assertExpected(opportunityId: string, loaded: number, expected: number | undefined): void {
    assertStreamVersion(opportunityId, loaded, expected);
  }

  async append(
    opportunityId: string,
    customerId: string,
    expectedVersion: number,
    events: readonly OpportunityEvent[],
    cause: AppendCause,
  ): Promise<{ version: number; stream: string }> {
    const appended = await this.store.append(opportunityId, expectedVersion, events, {
      actorId: cause.actorId,
      correlationId: cause.correlationId,
      causationId: cause.causationId,
      customerId,
      ...(cause.idempotencyKey ? { idempotencyKey: cause.idempotencyKey } : {}),
    });
    this.relay.nudge();
    return { version: appended.toVersion, stream: appended.events[0]!.stream };
  }
}
