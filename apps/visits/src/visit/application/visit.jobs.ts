import { z } from 'zod';
import { defineJob, jobId } from '@crm/jobs';

/** Checks, after the end of its planned day, whether a visit is still planned (then it is missed). */
export const visitMissedCheck = defineJob({
  queue: 'visits',
  name: 'visit-missed-check',
  schema: z.object({ visitId: z.string().min(1), plannedDate: z.iso.date() }).strict(),
  attempts: 5,
  backoffMs: 1_000,
});

/** One job per visit and day: rescheduling adds the new day's job, the old one finds nothing to do. */
export const visitMissedCheckId = (visitId: string, plannedDate: string): string =>
  jobId('visit-missed', visitId, plannedDate);
