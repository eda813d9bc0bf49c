import { z } from 'zod';
import { ENGAGEMENT_CHANNELS } from '@crm/contracts';
import {
  durationSetting as duration,
  loadPublicHolidays,
  publicHolidaySettings,
  timeZoneSetting as timeZone,
} from '@crm/platform';
import type { HolidayGreetings } from './domain/greeting-calendar';
import { LUNAR_FESTIVALS, type LunarFestival } from './domain/lunar-festivals';
import type { FollowUpRule } from './domain/follow-up.decider';

const int = z.coerce.number().int();
const channel = z.enum(ENGAGEMENT_CHANNELS);
const owner = z.enum(['rep', 'key_account_manager']);
/** A comma-separated list of items, or `none`. */
const commaList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((value) =>
      (value.trim() === 'none' ? '' : value)
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));
/** Lunar festivals greeted. */
const festivals = commaList(z.enum(LUNAR_FESTIVALS));
/** Public holidays greeted, by their English name in the holiday calendar. */
const holidayNames = commaList(
  z.string().regex(/^[A-Za-z][A-Za-z0-9' -]{0,59}$/, 'must be a holiday name'),
);

/** D9 settings of the engagement module; defaults are docs/domain.md's. Spread into the analytics schema. */
export const engagementConfigShape = {
  ENGAGEMENT_JOBS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/)
    .default('crm-jobs'),
  ENGAGEMENT_JOBS_CONCURRENCY: int.positive().default(4),
  /** A dead worker's job is taken over after its lock lapses; stalled jobs are looked for this often. */
  ENGAGEMENT_JOB_LOCK: duration.prefault('30s'),
  ENGAGEMENT_STALLED_CHECK: duration.prefault('30s'),
  ENGAGEMENT_KEEP_COMPLETED: duration.prefault('1d'),
  ENGAGEMENT_KEEP_COMPLETED_COUNT: int.positive().default(10_000),
  ENGAGEMENT_KEEP_FAILED: duration.prefault('30d'),
  /** Re-plans every contact's pending greetings (next year's, lost jobs): one instance at a time. */
  ENGAGEMENT_GREETING_SWEEP_EVERY: duration.prefault('6h'),

  GREETING_LOCAL_HOUR: int.min(0).max(23).default(9),
  GREETING_DEFAULT_TIME_ZONE: timeZone.default('Asia/Shanghai'),
  GREETING_FESTIVALS: festivals.prefault('spring_festival,dragon_boat,mid_autumn'),
  /**
   * D9 public holidays greeted besides the lunar festivals, by name in the holiday calendar
   * (PUBLIC_HOLIDAYS `cn`: chinese-days; PUBLIC_HOLIDAYS_FILE adds years), or `none`.
   */
  GREETING_PUBLIC_HOLIDAYS: holidayNames.prefault("New Year's Day,Labour Day,National Day"),
  ...publicHolidaySettings,
  /** D9: A customers get a personal call (a task); B and C an automated message. */
  GREETING_CHANNEL_TIER_A: channel.default('task'),
  GREETING_CHANNEL_TIER_B: channel.default('webhook'),
  GREETING_CHANNEL_TIER_C: channel.default('webhook'),
  GREETING_WEBHOOK_URL: z.url().optional(),
  GREETING_DELIVERY_TIMEOUT: duration.prefault('10s'),
  /** The e-mail channel: an SMTP server (smtp://user:pass@host:port, smtps:// for TLS). */
  GREETING_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  GREETING_EMAIL_FROM: z.string().min(3).default('CRM <greetings@crm.local>'),
  GREETING_ATTEMPTS: int.positive().default(5),
  GREETING_BACKOFF: duration.prefault('30s'),
  /** Per-channel rate limit: at most this many deliveries per second across all instances. */
  GREETING_RATE_PER_SECOND: int.positive().default(20),

  FOLLOW_UP_VISIT_DELAY: duration.prefault('3d'),
  FOLLOW_UP_VISIT_CHANNEL: channel.default('task'),
  FOLLOW_UP_VISIT_OWNER: owner.default('rep'),
  FOLLOW_UP_COMPLAINT_DELAY: duration.prefault('1d'),
  FOLLOW_UP_COMPLAINT_CHANNEL: channel.default('task'),
  FOLLOW_UP_COMPLAINT_OWNER: owner.default('rep'),
  FOLLOW_UP_FIRST_PURCHASE_DELAY: duration.prefault('7d'),
  FOLLOW_UP_FIRST_PURCHASE_CHANNEL: channel.default('task'),
  FOLLOW_UP_FIRST_PURCHASE_OWNER: owner.default('rep'),
  /** Only a first purchase this recent plans the call: a back-dated import plans none (ADR 123). */
  FOLLOW_UP_FIRST_PURCHASE_WINDOW: duration.prefault('7d'),
  FOLLOW_UP_KEY_ACCOUNT_MEETING_LEAD: duration.prefault('30d'),
  /** The meetings fall this many months apart from the designation, until it is retired. */
  FOLLOW_UP_KEY_ACCOUNT_MEETING_EVERY_MONTHS: int.min(1).max(120).default(12),
  FOLLOW_UP_KEY_ACCOUNT_MEETING_CHANNEL: channel.default('task'),
  FOLLOW_UP_KEY_ACCOUNT_MEETING_OWNER: owner.default('key_account_manager'),
  /** D5/D9: a customer entering drowsy, half-asleep or dormant gets a reactivation call. */
  FOLLOW_UP_REACTIVATION_DELAY: duration.prefault('1d'),
  FOLLOW_UP_REACTIVATION_CHANNEL: channel.default('task'),
  /** Owner of a follow-up whose customer's rep is not known yet. */
  FOLLOW_UP_UNASSIGNED_OWNER: z.string().min(1).default('unassigned'),
} as const;

type Shape = typeof engagementConfigShape;
export type EngagementConfig = { [K in keyof Shape]: z.infer<Shape[K]> };

export interface GreetingPolicy {
  readonly localHour: number;
  readonly defaultTimeZone: string;
  readonly festivals: readonly LunarFestival[];
  readonly holidays: HolidayGreetings;
  readonly channelByTier: Record<'A' | 'B' | 'C', z.infer<typeof channel>>;
}

export const greetingPolicyOf = (config: EngagementConfig): GreetingPolicy => ({
  localHour: config.GREETING_LOCAL_HOUR,
  defaultTimeZone: config.GREETING_DEFAULT_TIME_ZONE,
  festivals: config.GREETING_FESTIVALS,
  holidays: { names: config.GREETING_PUBLIC_HOLIDAYS, calendar: loadPublicHolidays(config) },
  channelByTier: {
    A: config.GREETING_CHANNEL_TIER_A,
    B: config.GREETING_CHANNEL_TIER_B,
    C: config.GREETING_CHANNEL_TIER_C,
  },
});

export type FollowUpRuleName =
  'visit_completed' | 'complaint_closed' | 'first_purchase' | 'key_account_annual_meeting';

export const followUpRulesOf = (
  config: EngagementConfig,
): Record<FollowUpRuleName, FollowUpRule> => ({
  visit_completed: {
    delayMs: config.FOLLOW_UP_VISIT_DELAY,
    channel: config.FOLLOW_UP_VISIT_CHANNEL,
    owner: config.FOLLOW_UP_VISIT_OWNER,
  },
  complaint_closed: {
    delayMs: config.FOLLOW_UP_COMPLAINT_DELAY,
    channel: config.FOLLOW_UP_COMPLAINT_CHANNEL,
    owner: config.FOLLOW_UP_COMPLAINT_OWNER,
  },
  first_purchase: {
    delayMs: config.FOLLOW_UP_FIRST_PURCHASE_DELAY,
    channel: config.FOLLOW_UP_FIRST_PURCHASE_CHANNEL,
    owner: config.FOLLOW_UP_FIRST_PURCHASE_OWNER,
  },
  // Scheduled this long before the anniversary of the designation.
  key_account_annual_meeting: {
    delayMs: -config.FOLLOW_UP_KEY_ACCOUNT_MEETING_LEAD,
    channel: config.FOLLOW_UP_KEY_ACCOUNT_MEETING_CHANNEL,
    owner: config.FOLLOW_UP_KEY_ACCOUNT_MEETING_OWNER,
  },
});
