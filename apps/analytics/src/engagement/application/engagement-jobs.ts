import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ENGAGEMENT_CHANNELS, GREETING_OCCASIONS, type EngagementChannel } from '@crm/contracts';
import { defineJob, jobId, type JobDefinition } from '@crm/jobs';
import { APP_CONFIG } from '@crm/platform';
import type { EngagementConfig } from '@apps/analytics/src/engagement/engagement.config';

export const ENGAGEMENT_JOB_QUEUES = Symbol('ENGAGEMENT_JOB_QUEUES');

const greetingPayload = z
  .object({
    greetingId: z.string().min(1),
    customerId: z.string().min(1),
    contactId: z.string().min(1),
    occasion: z.enum(GREETING_OCCASIONS),
    year: z.number().int(),
    channel: z.enum(ENGAGEMENT_CHANNELS),
    scheduledFor: z.iso.datetime(),
  })
  .strict();

export type GreetingJobPayload = z.infer<typeof greetingPayload>;
type GreetingJob = JobDefinition<'deliver-greeting', typeof greetingPayload>;

/** A follow-up's time came: it becomes due (a task for its owner). */
export const followUpDueJob = defineJob({
  queue: 'engagement-follow-ups',
  name: 'follow-up-due',
  schema: z.object({ followUpId: z.string().min(1) }).strict(),
  attempts: 8,
  backoffMs: 500,
});

/** Re-plans every contact's greetings; a job scheduler with a fixed id runs it on one instance at a time. */
export const greetingSweepJob = defineJob({
  queue: 'engagement-sweeps',
  name: 'greeting-sweep',
  schema: z.object({}).strict(),
  attempts: 3,
  backoffMs: 5_000,
});

export const GREETING_SWEEP_SCHEDULER_ID = 'greeting-sweep';

/**
 * The delivery jobs, one queue per channel so each channel has its own rate limit; their retries
 * and backoff are configuration.
 */
@Injectable()
export class EngagementJobs {
  readonly greeting: Record<EngagementChannel, GreetingJob>;

  constructor(@Inject(APP_CONFIG) config: EngagementConfig) {
    this.greeting = Object.fromEntries(
      ENGAGEMENT_CHANNELS.map((channel) => [
        channel,
        defineJob({
          queue: `engagement-greeting-${channel}`,
          name: 'deliver-greeting',
          schema: greetingPayload,
          attempts: config.GREETING_ATTEMPTS,
          backoffMs: config.GREETING_BACKOFF,
        }),
      ]),
    ) as Record<EngagementChannel, GreetingJob>;
  }

  /** Every queue of the module, for the dashboard and the metrics. */
  queueNames(): string[] {
    return [
      ...Object.values(this.greeting).map((definition) => definition.queue),
      followUpDueJob.queue,
      greetingSweepJob.queue,
    ];
  }
}

/** Same greeting at the same time → same job; a moved greeting gets a new job (the old one is removed). */
export const greetingJobId = (greetingId: string, scheduledFor: string): string =>
  jobId('greeting', greetingId, new Date(scheduledFor).getTime());

export const followUpJobId = (followUpId: string): string => jobId('follow-up', followUpId);
