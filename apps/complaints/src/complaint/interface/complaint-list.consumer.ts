import { Injectable } from '@nestjs/common';
import { Topics } from '@crm/contracts';
import { EventConsumers } from '@crm/platform';
import { ComplaintRepository } from '../application/complaint.repository';
import { SlaTimers } from '../application/sla/sla-timers';
import { ComplaintListProjection } from '../infrastructure/complaint-list.projection';

/**
 * The single writer of the complaint list, and the catch-up path of the SLA timers: if a process
 * died between an append and scheduling its timers, the event arriving here schedules them.
 */
@Injectable()
export class ComplaintListConsumer {
  constructor(
    consumers: EventConsumers,
    projection: ComplaintListProjection,
    complaints: ComplaintRepository,
    timers: SlaTimers,
  ) {
    consumers.create({
      name: 'complaint-list',
      topics: [Topics.complaints],
      handle: async (event) => {
        // A stream this store does not hold belongs to another deployment sharing the topic.
        const version = await complaints.currentVersion(event.subject);
        if (version === 0) return;
        const state = await projection.apply(event);
        // The newest event makes sure its running deadlines have timers. Cancelling is the command
        // path's job: a stale timer left by a crash only finds its deadline met (the re-check).
        if (!state || version !== event.sequence) return;
        // Read again: a step appended meanwhile has moved the timers itself.
        if ((await complaints.currentVersion(event.subject)) === event.sequence) {
          await timers.ensureScheduled(event.subject, state);
        }
      },
    });
  }
}
