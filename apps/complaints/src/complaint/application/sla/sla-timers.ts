import { Inject, Injectable } from '@nestjs/common';
import type { ComplaintEvent } from '@crm/contracts';
import type { JobQueues } from '@crm/jobs';
import {
  deadlinesEverRunning,
  foldComplaint,
} from '@apps/complaints/src/complaint/domain/complaint.decider';
import type { ComplaintState } from '@apps/complaints/src/complaint/domain/complaint.state';
import { runningDeadlines } from '@apps/complaints/src/complaint/domain/sla.decider';
import { complaintSlaDeadlineJob, slaJobId } from './complaint-sla.job';

export const COMPLAINT_JOB_QUEUES = Symbol('COMPLAINT_JOB_QUEUES');

/**
 * Keeps the delayed jobs in Redis in line with a complaint's stream: one job per running
 * deadline, none for a deadline met, breached, paused or moved. Convergent and idempotent, so
 * both the command path (at once) and the topic consumer (after a crash) may call it.
 */
@Injectable()
export class SlaTimers {
  constructor(@Inject(COMPLAINT_JOB_QUEUES) private readonly queues: JobQueues) {}

  async sync(complaintId: string, events: readonly ComplaintEvent[]): Promise<void> {
    const state = foldComplaint(events);
    const wanted = new Set(
      runningDeadlines(state).map((deadline) => slaJobId(complaintId, deadline.kind, deadline.due)),
    );
    for (const stale of deadlinesEverRunning(events)) {
      const id = slaJobId(complaintId, stale.kind, stale.due);
      if (!wanted.has(id)) await this.queues.cancel(complaintSlaDeadlineJob, id);
    }
    await this.ensureScheduled(complaintId, state);
  }

  /** Schedules the running deadlines' timers (a no-op for those already scheduled). */
  async ensureScheduled(complaintId: string, state: ComplaintState): Promise<void> {
    for (const deadline of runningDeadlines(state)) {
      await this.queues.schedule(
        complaintSlaDeadlineJob,
        { complaintId, kind: deadline.kind, deadline: deadline.due },
        {
          jobId: slaJobId(complaintId, deadline.kind, deadline.due),
          runAt: new Date(deadline.due),
        },
      );
    }
  }
}
