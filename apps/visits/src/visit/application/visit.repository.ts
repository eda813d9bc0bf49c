import { Inject, Injectable } from '@nestjs/common';
import type { VisitEvent } from '@crm/contracts';
import { assertStreamVersion, type MongoEventStore } from '@crm/event-store';
import { EVENT_STORE, OUTBOX_RELAY, type RequestContext } from '@crm/platform';
import type { OutboxRelay } from '@crm/event-store';
import {
  evolveVisit,
  initialVisitState,
  type VisitState,
} from '@apps/visits/src/visit/domain/visit.decider';

export interface LoadedVisit {
  readonly state: VisitState;
  readonly version: number;
}

/** Who caused an append: a request, or a job of the service itself. */
export interface AppendCause {
  readonly actorId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly idempotencyKey?: string | undefined;
}

export const causeOf = (context: RequestContext): AppendCause => ({
  actorId: context.principal.userId,
  correlationId: context.correlationId,
  causationId: context.correlationId,
  idempotencyKey: context.idempotencyKey,
});

/** A visit is its stream (id = visit id): load folds it, append guards the loaded version. */
@Injectable()
export class VisitRepository {
  constructor(
    @Inject(EVENT_STORE) private readonly store: MongoEventStore,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
  ) {}

  async load(visitId: string): Promise<LoadedVisit> {
    const stream = await this.store.load(visitId);
    const state = stream.events.reduce(
      (current, event) =>
        evolveVisit(current, { type: event.type, data: event.data } as VisitEvent),
      initialVisitState,
    );
    return { state, version: stream.version };
  }

  /** If-Match names the version the caller saw; a stale one is refused before deciding (412). */
  assertExpected(visitId: string, loaded: number, expected: number | undefined): void {
    assertStreamVersion(visitId, loaded, expected);
  }

  async append(
    visitId: string,
    customerId: string,
    expectedVersion: number,
    events: readonly VisitEvent[],
    cause: AppendCause,
  ): Promise<{ version: number; replayed: boolean; stream: string }> {
    const appended = await this.store.append(visitId, expectedVersion, events, {
      actorId: cause.actorId,
      correlationId: cause.correlationId,
      causationId: cause.causationId,
      customerId,
      ...(cause.idempotencyKey ? { idempotencyKey: cause.idempotencyKey } : {}),
    });
    this.relay.nudge();
    return {
      version: appended.toVersion,
      replayed: appended.replayed,
      stream: appended.events[0]!.stream,
    };
  }
}
