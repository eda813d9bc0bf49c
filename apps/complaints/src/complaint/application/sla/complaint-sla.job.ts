import { z } from 'zod';
import { SLA_DEADLINE_KINDS, type SlaDeadlineKind } from '@crm/contracts';
import { defineJob, jobId } from '@crm/jobs';

/** Fires at an SLA deadline of one complaint; the handler re-checks the stream before escalating. */
export const complaintSlaDeadlineJob = defineJob({
  queue: 'complaint-sla',
  name: 'complaint-sla-deadline',
  schema: z
    .object({
      complaintId: z.string().min(1),
      kind: z.enum(SLA_DEADLINE_KINDS),
      deadline: z.iso.datetime(),
    })
    .strict(),
  attempts: 8,
  backoffMs: 250,
});

/** One job per (complaint, deadline kind, deadline instant): scheduling it twice keeps one. */
export const slaJobId = (complaintId: string, kind: SlaDeadlineKind, deadline: string): string =>
  jobId('complaint-sla', complaintId, kind, new Date(deadline).getTime());
