import { z } from 'zod';
import { defineJob } from '@crm/jobs';

/** The retention sweep (ADR 110): erases the customers inactive for the configured period. */
export const customerRetentionJob = defineJob({
  queue: 'customer-retention',
  name: 'customer-retention-sweep',
  schema: z.object({}).strict(),
  attempts: 3,
  backoffMs: 60_000,
});

/** The points expiry sweep (D11): expires the points earned before the cut-off and not used. */
export const pointsExpiryJob = defineJob({
  queue: 'customer-points-expiry',
  name: 'customer-points-expiry-sweep',
  schema: z.object({}).strict(),
  attempts: 3,
  backoffMs: 60_000,
});
