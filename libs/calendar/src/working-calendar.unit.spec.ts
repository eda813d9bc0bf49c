import {
  chinesePublicHolidays,
  NO_PUBLIC_HOLIDAYS,
  publicHolidaysBetween,
  type PublicHolidays,
} from './public-holidays';
import { addWorkingTime, workingTimeBetween, type BusinessCalendar } from './working-calendar';

const HOUR = 3_600_000;
const shanghai: BusinessCalendar = {
  kind: 'business',
  timeZone: 'Asia/Shanghai',
  workingDays: [1, 2, 3, 4, 5],
  opensAt: 9 * 60,
  closesAt: 18 * 60,
  publicHolidays: NO_PUBLIC_HOLIDAYS,
};
const at = (iso: string) => new Date(iso);

describe('working calendar', () => {
  it.each([
    [
      'inside working hours on a Monday',
      '2026-11-23T10:00:00+08:00',
      4,
      '2026-11-23T14:00:00+08:00',
    ],
    [
      'across a weekend (D7: 4 business hours)',
      '2026-11-27T16:00:00+08:00',
      4,
      '2026-11-30T11:00:00+08:00',
    ],
    ['from a Saturday', '2026-11-28T15:00:00+08:00', 4, '2026-11-30T13:00:00+08:00'],
    ['from before opening', '2026-11-23T07:00:00+08:00', 1, '2026-11-23T10:00:00+08:00'],
    ['from after closing', '2026-11-23T19:30:00+08:00', 2, '2026-11-24T11:00:00+08:00'],
    ['ending exactly at closing', '2026-11-23T14:00:00+08:00', 4, '2026-11-23T18:00:00+08:00'],
    ['over several days', '2026-11-23T09:00:00+08:00', 24, '2026-11-25T15:00:00+08:00'],
  ])('adds business hours %s', (_, start, hours, expected) => {
    expect(addWorkingTime(at(start), hours * HOUR, shanghai).toISOString()).toBe(
      at(expected).toISOString(),
    );
  });

  it('counts business time between two instants, the inverse of adding it', () => {
    expect(
      workingTimeBetween(
        at('2026-11-27T16:00:00+08:00'),
        at('2026-11-30T11:00:00+08:00'),
        shanghai,
      ),
    ).toBe(4 * HOUR);
    expect(
      workingTimeBetween(
        at('2026-11-28T10:00:00+08:00'),
        at('2026-11-29T10:00:00+08:00'),
        shanghai,
      ),
    ).toBe(0);
    expect(
      workingTimeBetween(
        at('2026-11-30T11:00:00+08:00'),
        at('2026-11-27T16:00:00+08:00'),
        shanghai,
      ),
    ).toBe(0);
  });

  it('follows daylight saving time in the calendar zone', () => {
    // Berlin moves to summer time on 29 March 2026: that Sunday has 23 hours.
    const berlin: BusinessCalendar = {
      kind: 'business',
      timeZone: 'Europe/Berlin',
      workingDays: [1, 2, 3, 4, 5, 6, 7],
      opensAt: 0,
      closesAt: 24 * 60,
      publicHolidays: NO_PUBLIC_HOLIDAYS,
    };
    expect(addWorkingTime(at('2026-03-28T11:00:00Z'), 24 * HOUR, berlin).toISOString()).toBe(
      '2026-03-29T11:00:00.000Z',
    );
    expect(workingTimeBetween(at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'), berlin)).toBe(
      23 * HOUR,
    );
  });

  it('counts every millisecond on the always calendar', () => {
    expect(addWorkingTime(at('2026-11-28T15:00:00Z'), 1500, { kind: 'always' }).toISOString()).toBe(
      '2026-11-28T15:00:01.500Z',
    );
    expect(
      workingTimeBetween(at('2026-11-28T15:00:00Z'), at('2026-11-28T15:00:02Z'), {
        kind: 'always',
      }),
    ).toBe(2000);
  });

  it('refuses a calendar without working time', () => {
    expect(() =>
      addWorkingTime(at('2026-11-23T10:00:00Z'), HOUR, { ...shanghai, workingDays: [] }),
    ).toThrow(/no working time/);
  });
});

describe("working calendar with China's public holidays (D7)", () => {
  const china = (publicHolidays: PublicHolidays): BusinessCalendar => ({
    ...shanghai,
    publicHolidays,
  });
  const published = china(chinesePublicHolidays());

  it.each([
    ['over Mid-Autumn, a Friday off', '2026-09-24T16:00:00+08:00', 4, '2026-09-28T11:00:00+08:00'],
    ['over the National Day week', '2026-09-30T16:00:00+08:00', 4, '2026-10-08T11:00:00+08:00'],
    [
      'into a Saturday worked to make up for Spring Festival (调休)',
      '2026-02-13T16:00:00+08:00',
      4,
      '2026-02-14T11:00:00+08:00',
    ],
    [
      'over Spring Festival, nine days off',
      '2026-02-14T16:00:00+08:00',
      4,
      '2026-02-24T11:00:00+08:00',
    ],
  ])('adds business hours %s', (_, start, hours, expected) => {
    expect(addWorkingTime(at(start), hours * HOUR, published).toISOString()).toBe(
      at(expected).toISOString(),
    );
  });

  it('counts no business time on a holiday and a full day on a make-up Sunday', () => {
    expect(
      workingTimeBetween(
        at('2026-10-01T00:00:00+08:00'),
        at('2026-10-08T00:00:00+08:00'),
        published,
      ),
    ).toBe(0);
    // 20 September 2026 is a Sunday worked for National Day.
    expect(
      workingTimeBetween(
        at('2026-09-20T00:00:00+08:00'),
        at('2026-09-21T00:00:00+08:00'),
        published,
      ),
    ).toBe(9 * HOUR);
  });

  it('takes a year the library does not know yet from the deployment, replacing a year it knows', () => {
    const configured = chinesePublicHolidays({
      '2027': {
        holidays: [{ from: '2027-01-01', to: '2027-01-03', en: "New Year's Day", zh: '元旦' }],
        makeUpWorkdays: [],
      },
      '2026': { holidays: [], makeUpWorkdays: [] },
    });
    expect(configured.years).toContain(2027);
    expect(
      addWorkingTime(at('2026-12-31T16:00:00+08:00'), 4 * HOUR, china(configured)).toISOString(),
    ).toBe(at('2027-01-04T11:00:00+08:00').toISOString());
    // 2026 replaced by a year without holidays: 1 October is a working Thursday again.
    expect(
      addWorkingTime(at('2026-09-30T16:00:00+08:00'), 4 * HOUR, china(configured)).toISOString(),
    ).toBe(at('2026-10-01T11:00:00+08:00').toISOString());
  });

  it('lists the public holidays of a period with their names, for greetings', () => {
    expect(publicHolidaysBetween(chinesePublicHolidays(), '2026-09-25', '2026-10-01')).toEqual([
      { date: '2026-09-25', name: { en: 'Mid-autumn Festival', zh: '中秋' } },
      { date: '2026-09-26', name: { en: 'Mid-autumn Festival', zh: '中秋' } },
      { date: '2026-09-27', name: { en: 'Mid-autumn Festival', zh: '中秋' } },
      { date: '2026-10-01', name: { en: 'National Day', zh: '国庆节' } },
    ]);
  });
});
