import { addDays, dayOf, daysInMonth, endOfDay, isTimeZone, startOfDay } from './visit-day';

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
});
