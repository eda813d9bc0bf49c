import { Inject, Injectable } from '@nestjs/common';
import type { ComplaintEvent } from '@crm/contracts';
import type { MongoEventStore, StoredEvent } from '@crm/event-store';
import { EVENT_STORE } from '@crm/platform';
import {
  foldComplaint,
  type ComplaintState,
} from '@apps/complaints/src/complaint/domain/complaint.decider';

export interface LoadedComplaint {
  readonly state: ComplaintState;
  readonly version: number;
  readonly stored: readonly StoredEvent[];
  readonly events: readonly ComplaintEvent[];
}

export const toDomainEvent = (event: {
  type: string;
  data: Record<string, unknown>;
}): ComplaintEvent => ({ type: event.type, data: event.data }) as ComplaintEvent;

/** Loads a complaint by folding its stream (stream id = complaint id): always current. */
@Injectable()
export class ComplaintRepository {
  constructor(@Inject(EVENT_STORE) private readonly store: MongoEventStore) {}

  async load(complaintId: string): Promise<LoadedComplaint> {
    const stream = await this.store.load(complaintId);
    const events = stream.events.map(toDomainEvent);
    return { state: foldComplaint(events), version: stream.version, stored: stream.events, events };
  }

  currentVersion(complaintId: string): Promise<number> {
    return this.store.currentVersion(complaintId);
  }
}
