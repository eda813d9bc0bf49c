import { z } from 'zod';
import { defineJob } from '@crm/jobs';

const NIGHTLY = 'analytics-nightly';

/** D3: the scheduled ABC recomputation. */
export const tierRecomputeJob = defineJob({
  queue: NIGHTLY,
  name: 'tier-recompute',
  schema: z.object({}).strict(),
  attempts: 3,
  backoffMs: 60_000,
});

/** D5: the daily lifecycle evaluation. */
export const lifecycleEvaluationJob = defineJob({
  queue: NIGHTLY,
  name: 'lifecycle-evaluation',
  schema: z.object({}).strict(),
  attempts: 3,
  backoffMs: 60_000,
});
