import { ConfigError } from '@crm/platform';
import { complaintPolicyOf, loadComplaintsConfig } from './complaints.config';

const required = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  MONGODB_URI: 'mongodb://127.0.0.1:27017',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'a-secret-of-sixteen-chars',
};
const HOUR = 3_600_000;

describe('complaints config', () => {
  it('defaults to the numbers of D7', () => {
    const policy = complaintPolicyOf(loadComplaintsConfig(required));
    expect(policy.firstResponse).toEqual({
      durationMs: 4 * HOUR,
      calendar: {
        kind: 'business',
        timeZone: 'Asia/Shanghai',
        workingDays: [1, 2, 3, 4, 5],
        opensAt: 540,
        closesAt: 1080,
      },
    });
    expect(policy.resolution.durationMs).toEqual({
      critical: 24 * HOUR,
      high: 72 * HOUR,
      medium: 120 * HOUR,
      low: 240 * HOUR,
    });
    expect(policy.reopenWindowMs).toBe(30 * 24 * HOUR);
    expect(policy.approval).toEqual({
      approverRole: 'supervisor',
      higherApproverRole: 'admin',
      costThreshold: 10_000,
    });
  });

  it('takes every rule from the environment', () => {
    const policy = complaintPolicyOf(
      loadComplaintsConfig({
        ...required,
        COMPLAINT_FIRST_RESPONSE_SLA: '1500ms',
        COMPLAINT_FIRST_RESPONSE_CLOCK: 'calendar',
        COMPLAINT_RESOLUTION_SLA_CRITICAL: '2s',
        COMPLAINT_REOPEN_WINDOW: '1.5m',
        COMPLAINT_HIGHER_APPROVER_ROLE: 'sales_manager',
        COMPLAINT_BUSINESS_DAYS: '1,2,3,4,5,6',
        COMPLAINT_BUSINESS_HOURS: '08:30-17:00',
        COMPLAINT_RESOLUTION_CLOCK: 'business',
      }),
    );
    expect(policy.firstResponse).toEqual({ durationMs: 1500, calendar: { kind: 'always' } });
    expect(policy.resolution.durationMs.critical).toBe(2000);
    expect(policy.resolution.calendar).toMatchObject({
      workingDays: [1, 2, 3, 4, 5, 6],
      opensAt: 510,
      closesAt: 1020,
    });
    expect(policy.reopenWindowMs).toBe(90_000);
    expect(policy.approval.higherApproverRole).toBe('sales_manager');
  });

  it('names every bad variable', () => {
    let caught: unknown;
    try {
      loadComplaintsConfig({
        ...required,
        COMPLAINT_FIRST_RESPONSE_SLA: 'four hours',
        COMPLAINT_BUSINESS_TIME_ZONE: 'Mars/Olympus',
        COMPLAINT_BUSINESS_HOURS: '18:00-09:00',
        COMPLAINT_HIGHER_APPROVER_ROLE: 'pope',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const named = (caught as ConfigError).problems.map((problem) => problem.split(':')[0]);
    expect(named).toEqual(
      expect.arrayContaining([
        'COMPLAINT_FIRST_RESPONSE_SLA',
        'COMPLAINT_BUSINESS_TIME_ZONE',
        'COMPLAINT_BUSINESS_HOURS',
        'COMPLAINT_HIGHER_APPROVER_ROLE',
      ]),
    );
  });
});
