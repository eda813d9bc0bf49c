import { addWorkingTime, workingTimeBetween, type BusinessCalendar } from './working-calendar';

const HOUR = 3_600_000;
const shanghai: BusinessCalendar = {
  kind: 'business',
  timeZone: 'Asia/Shanghai',
  workingDays: [1, 2, 3, 4, 5],
  opensAt: 9 * 60,
  closesAt: 18 * 60,
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
