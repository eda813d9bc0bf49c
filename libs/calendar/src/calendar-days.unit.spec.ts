import {
  addDays,
  dayOf,
  daysInMonth,
  endOfDay,
  isoWeekday,
  isTimeZone,
  startOfDay,
  wallClockAt,
} from './calendar-days';

describe('calendar days in a rep time zone', () => {
  it('finds where a day begins and ends, across a daylight-saving change', () => {
    expect(startOfDay('2026-12-02', 'Asia/Shanghai').toISOString()).toBe(
      '2026-12-01T16:00:00.000Z',
    );
    // New York springs forward on 2026-03-08: that day is 23 hours long.
    expect(startOfDay('2026-03-08', 'America/New_York').toISOString()).toBe(
      '2026-03-08T05:00:00.000Z',
    );
    expect(endOfDay('2026-03-08', 'America/New_York').toISOString()).toBe(
      '2026-03-09T04:00:00.000Z',
    );
    expect(endOfDay('2026-12-31', 'UTC').toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('tells the day an instant falls on, and month arithmetic', () => {
    expect(dayOf(new Date('2026-12-01T17:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-12-02');
    expect(dayOf(new Date('2026-12-01T17:00:00.000Z'), 'America/Los_Angeles')).toBe('2026-12-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(daysInMonth('2028-02')).toBe(29);
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('places wall-clock times of a day, also on the day clocks change', () => {
    const at = (date: string, minutes: number, zone: string) =>
      new Date(wallClockAt(date, minutes, zone)).toISOString();
    expect(at('2026-12-02', 9 * 60 + 30, 'Asia/Shanghai')).toBe('2026-12-02T01:30:00.000Z');
    expect(at('2026-12-02', 24 * 60, 'Asia/Shanghai')).toBe('2026-12-02T16:00:00.000Z');
    // Berlin skips 02:00-03:00 on 2026-03-29: 02:30 does not exist and moves to 03:30 (+02:00).
    expect(at('2026-03-29', 2 * 60 + 30, 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    // 09:00 after the change is UTC+2, before it UTC+1.
    expect(at('2026-03-29', 9 * 60, 'Europe/Berlin')).toBe('2026-03-29T07:00:00.000Z');
    expect(at('2026-03-28', 9 * 60, 'Europe/Berlin')).toBe('2026-03-28T08:00:00.000Z');
    expect([isoWeekday('2026-11-30'), isoWeekday('2026-12-06')]).toEqual([1, 7]);
    expect(dayOf(Date.parse('2026-12-01T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-12-02');
  });
});
