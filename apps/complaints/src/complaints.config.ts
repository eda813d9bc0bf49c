import { z } from 'zod';
import { ROLES } from '@crm/contracts';
import type { WorkingCalendar } from '@crm/calendar';
import {
  commaList,
  durationSetting as duration,
  loadConfig,
  loadPublicHolidays,
  publicHolidaySettings,
  serviceConfigSchema,
  serviceIdentity,
  timeZoneSetting as timeZone,
} from '@crm/platform';
import type { ComplaintPolicy } from './complaint/domain/complaint.state';

const weekdays = z
  .string()
  .regex(/^[1-7](,[1-7])*$/, 'must list ISO weekdays 1 (Monday) … 7 (Sunday), e.g. 1,2,3,4,5')
  .transform((value) => [...new Set(value.split(',').map(Number))]);

const minutesOf = (clock: string) => {
  const [hours, minutes] = clock.split(':').map(Number);
  return hours! * 60 + minutes!;
};

const workingHours = z
  .string()
  .regex(
    /^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/,
    'must be HH:MM-HH:MM, e.g. 09:00-18:00',
  )
  .transform((value) => {
    const [opens, closes] = value.split('-');
    return { opensAt: minutesOf(opens!), closesAt: minutesOf(closes!) };
  })
  .refine((hours) => hours.opensAt < hours.closesAt, 'must open before it closes');

const clock = z.enum(['business', 'calendar']);

/** Business defaults are D7's (docs/domain.md); every one can be changed here without a code change. */
export const complaintsConfigSchema = serviceConfigSchema({
  ...serviceIdentity('complaints', 3003),
  JOBS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/)
    .default('crm-jobs'),
  JOBS_CONCURRENCY: z.coerce.number().int().positive().default(4),

  COMPLAINT_FIRST_RESPONSE_SLA: duration.prefault('4h'),
  COMPLAINT_FIRST_RESPONSE_CLOCK: clock.default('business'),
  COMPLAINT_RESOLUTION_SLA_CRITICAL: duration.prefault('24h'),
  COMPLAINT_RESOLUTION_SLA_HIGH: duration.prefault('72h'),
  COMPLAINT_RESOLUTION_SLA_MEDIUM: duration.prefault('5d'),
  COMPLAINT_RESOLUTION_SLA_LOW: duration.prefault('10d'),
  COMPLAINT_RESOLUTION_CLOCK: clock.default('calendar'),
  COMPLAINT_BUSINESS_TIME_ZONE: timeZone.default('Asia/Shanghai'),
  COMPLAINT_BUSINESS_DAYS: weekdays.prefault('1,2,3,4,5'),
  COMPLAINT_BUSINESS_HOURS: workingHours.prefault('09:00-18:00'),
  ...publicHolidaySettings,

  COMPLAINT_APPROVER_ROLE: z.enum(ROLES).default('supervisor'),
  COMPLAINT_HIGHER_APPROVER_ROLE: z.enum(ROLES).default('admin'),
  COMPLAINT_APPROVAL_COST_THRESHOLD: z.coerce.number().min(0).default(10_000),
  COMPLAINT_REOPEN_WINDOW: duration.prefault('30d'),
  COMPLAINT_ESCALATION_LADDER: commaList.prefault('supervisor,admin'),
  /** Escalates again this long after a breach while the deadline stays unmet (default: its own SLA). */
  COMPLAINT_ESCALATION_REPEAT: duration.optional(),
  /** How long the resolution clock waits for the customer's answer before it runs again; `none`: no limit. */
  COMPLAINT_CUSTOMER_WAIT_LIMIT: z.union([z.literal('none'), duration]).prefault('3d'),
});

export type ComplaintsConfig = z.infer<typeof complaintsConfigSchema>;

export const loadComplaintsConfig = (env?: NodeJS.ProcessEnv): ComplaintsConfig =>
  loadConfig(complaintsConfigSchema, {}, env);

/** The D7 rules the decider applies, from the validated configuration. */
export function complaintPolicyOf(config: ComplaintsConfig): ComplaintPolicy {
  const business: WorkingCalendar = {
    kind: 'business',
    timeZone: config.COMPLAINT_BUSINESS_TIME_ZONE,
    workingDays: config.COMPLAINT_BUSINESS_DAYS,
    ...config.COMPLAINT_BUSINESS_HOURS,
    publicHolidays: loadPublicHolidays(config),
  };
  const calendarOf = (kind: 'business' | 'calendar'): WorkingCalendar =>
    kind === 'business' ? business : { kind: 'always' };
  return {
    firstResponse: {
      durationMs: config.COMPLAINT_FIRST_RESPONSE_SLA,
      calendar: calendarOf(config.COMPLAINT_FIRST_RESPONSE_CLOCK),
    },
    resolution: {
      durationMs: {
        critical: config.COMPLAINT_RESOLUTION_SLA_CRITICAL,
        high: config.COMPLAINT_RESOLUTION_SLA_HIGH,
        medium: config.COMPLAINT_RESOLUTION_SLA_MEDIUM,
        low: config.COMPLAINT_RESOLUTION_SLA_LOW,
      },
      calendar: calendarOf(config.COMPLAINT_RESOLUTION_CLOCK),
    },
    approval: {
      approverRole: config.COMPLAINT_APPROVER_ROLE,
      higherApproverRole: config.COMPLAINT_HIGHER_APPROVER_ROLE,
      costThreshold: config.COMPLAINT_APPROVAL_COST_THRESHOLD,
    },
    reopenWindowMs: config.COMPLAINT_REOPEN_WINDOW,
    escalationLadder: config.COMPLAINT_ESCALATION_LADDER,
    escalationRepeatMs: config.COMPLAINT_ESCALATION_REPEAT ?? null,
    customerWaitLimitMs:
      config.COMPLAINT_CUSTOMER_WAIT_LIMIT === 'none' ? null : config.COMPLAINT_CUSTOMER_WAIT_LIMIT,
  };
}
