import { Inject, Injectable } from '@nestjs/common';
import type { ComplaintEvent } from '@crm/contracts';
import type { CommandHandler, MongoEventStore, StoredEvent } from '@crm/event-store';
import { commandHandlerProvider, EVENT_STORE } from '@crm/platform';
import {
  complaintDecider,
  foldComplaint,
  type PolicedComplaintCommand,
} from '@apps/complaints/src/complaint/domain/complaint.decider';
import type { ComplaintState } from '@apps/complaints/src/complaint/domain/complaint.state';
import { COMPLAINT_HANDLER } from './complaint-policy.token';

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

/** Reads a complaint by folding its stream (stream id = complaint id): always current. Changes go through the complaint's command handler. */
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

export type ComplaintCommandHandler = CommandHandler<
  ComplaintState,
  PolicedComplaintCommand,
  ComplaintEvent
>;

/** A complaint is its stream (id = complaint id), keyed by its customer. */
export const complaintHandlerProvider = commandHandlerProvider(
  COMPLAINT_HANDLER,
  complaintDecider,
  {
    customerIdOf: (state) => (state.recorded ? state.customerId : undefined),
  },
);
