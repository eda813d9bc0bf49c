import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BusinessCalendar, WorkingCalendar } from '@crm/calendar';
import { expectEveryBadSettingNamed, REQUIRED_SERVICE_SETTINGS } from '@crm/testing';
import { complaintPolicyOf, loadComplaintsConfig } from './complaints.config';

const required = REQUIRED_SERVICE_SETTINGS;
const HOUR = 3_600_000;
const business = (calendar: WorkingCalendar): BusinessCalendar => {
  if (calendar.kind !== 'business') throw new Error('expected the business calendar');
  return calendar;
};

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
        publicHolidays: expect.objectContaining({ years: expect.arrayContaining([2025, 2026]) }),
      },
    });
    const { publicHolidays } = business(policy.firstResponse.calendar);
    expect(publicHolidays.holidays.get('2026-10-01')).toEqual({ en: 'National Day', zh: '国庆节' });
    expect(publicHolidays.makeUpWorkdays.get('2026-02-14')).toEqual({
      en: 'Spring Festival',
      zh: '春节',
    });
    expect(policy.resolution.durationMs).toEqual({
      critical: 24 * HOUR,
      high: 72 * HOUR,
      medium: 120 * HOUR,
      low: 240 * HOUR,
    });
    expect(policy.reopenWindowMs).toBe(30 * 24 * HOUR);
    expect(policy.customerWaitLimitMs).toBe(72 * HOUR);
    expect(
      complaintPolicyOf(
        loadComplaintsConfig({ ...required, COMPLAINT_CUSTOMER_WAIT_LIMIT: 'none' }),
      ).customerWaitLimitMs,
    ).toBeNull();
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

  it('names every bad variable', () =>
    expectEveryBadSettingNamed(loadComplaintsConfig, {
      COMPLAINT_FIRST_RESPONSE_SLA: 'four hours',
      COMPLAINT_BUSINESS_TIME_ZONE: 'Mars/Olympus',
      COMPLAINT_BUSINESS_HOURS: '18:00-09:00',
      COMPLAINT_HIGHER_APPROVER_ROLE: 'pope',
    }));

  it('adds the years of a holiday file to the Chinese data, or uses them alone', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'holidays-')), 'holidays.yaml');
    writeFileSync(
      file,
      [
        "'2027':",
        '  holidays:',
        "    - { from: '2027-02-06', to: '2027-02-13', en: Spring Festival, zh: 春节 }",
        '  makeUpWorkdays:',
        "    - { from: '2027-02-20', en: Spring Festival, zh: 春节 }",
      ].join('\n'),
    );
    const holidaysOf = (env: Record<string, string>) =>
      business(
        complaintPolicyOf(loadComplaintsConfig({ ...required, ...env })).firstResponse.calendar,
      ).publicHolidays;
    const both = holidaysOf({ PUBLIC_HOLIDAYS_FILE: file });
    expect(both.holidays.get('2027-02-09')).toEqual({ en: 'Spring Festival', zh: '春节' });
    expect(both.holidays.has('2026-10-01')).toBe(true);
    const alone = holidaysOf({ PUBLIC_HOLIDAYS: 'none', PUBLIC_HOLIDAYS_FILE: file });
    expect(alone.years).toEqual([2027]);
    expect(alone.holidays.has('2026-10-01')).toBe(false);
  });

  it('names the holiday file when it is missing or wrong', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'holidays-')), 'bad.yaml');
    writeFileSync(bad, "'2027':\n  holidays:\n    - { from: 1 February, en: x, zh: y }\n");
    for (const path of [bad, join(tmpdir(), 'no-such-holidays.yaml')]) {
      expect(() =>
        complaintPolicyOf(loadComplaintsConfig({ ...required, PUBLIC_HOLIDAYS_FILE: path })),
      ).toThrow(/PUBLIC_HOLIDAYS_FILE/);
    }
  });
});
