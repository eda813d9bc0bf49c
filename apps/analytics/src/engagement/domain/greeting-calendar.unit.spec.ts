import { chinesePublicHolidays } from '@crm/calendar';
import { annualDay, deliveryTime, greetingIdOf, plannedGreetings } from './greeting-calendar';

const policy = (now: string, timeZone: string, localHour = 9) => ({
  now: new Date(now),
  timeZone,
  localHour,
});

describe('greeting calendar', () => {
  it('delivers a birthday at the local hour in Asia/Shanghai (UTC+8)', () => {
    const [birthday] = plannedGreetings(
      { name: 'Li Wei', birthday: '1980-03-14' },
      [],
      policy('2026-11-24T10:00:00Z', 'Asia/Shanghai'),
    );
    expect(birthday).toMatchObject({ occasion: 'birthday', year: 2027, localDate: '2027-03-14' });
    expect(birthday!.scheduledFor.toISOString()).toBe('2027-03-14T01:00:00.000Z');
  });

  it('follows daylight saving time in America/New_York', () => {
    const [summer] = plannedGreetings(
      { name: 'Ann', birthday: '1975-07-04' },
      [],
      policy('2026-11-24T10:00:00Z', 'America/New_York'),
    );
    expect(summer!.scheduledFor.toISOString()).toBe('2027-07-04T13:00:00.000Z');
    const [winter] = plannedGreetings(
      { name: 'Ann', birthday: '1975-12-24' },
      [],
      policy('2026-11-24T10:00:00Z', 'America/New_York'),
    );
    expect(winter!.scheduledFor.toISOString()).toBe('2026-12-24T14:00:00.000Z');
  });

  it('greets a 29 February birthday on 28 February in a year without it, on the 29th in a leap year', () => {
    expect(annualDay('02-29', 2027)).toBe('2027-02-28');
    expect(annualDay('02-29', 2028)).toBe('2028-02-29');
    const [greeting] = plannedGreetings(
      { name: 'Leap', birthday: '1988-02-29' },
      [],
      policy('2026-11-24T10:00:00Z', 'UTC'),
    );
    expect(greeting).toMatchObject({ year: 2027, localDate: '2027-02-28' });
  });

  it('delivers late the same local day rather than a year late, and next year once the day is over', () => {
    const morning = policy('2026-11-24T12:00:00Z', 'UTC', 9);
    expect(deliveryTime('2026-11-24', morning)).toEqual(morning.now);
    expect(deliveryTime('2026-11-23', morning)).toBeUndefined();
    const [greeting] = plannedGreetings({ name: 'X', birthday: '1990-11-23' }, [], morning);
    expect(greeting!.year).toBe(2027);
  });

  it('plans anniversaries and lunar festivals, and nothing for a contact who opted out', () => {
    const contact = {
      name: 'Wang',
      anniversaries: [{ label: 'Joined the company', date: '2010-09-01' }],
    };
    const planned = plannedGreetings(
      contact,
      ['spring_festival', 'mid_autumn'],
      policy('2026-11-24T10:00:00Z', 'Asia/Shanghai'),
    );
    expect(planned.map((greeting) => [greeting.occasionKey, greeting.localDate])).toEqual([
      [expect.stringMatching(/^anniversary_[0-9a-f]{16}$/), '2027-09-01'],
      ['spring_festival', '2027-02-06'],
      ['mid_autumn', '2027-09-15'],
    ]);
    expect(
      plannedGreetings(
        { ...contact, optedOut: true },
        ['spring_festival'],
        policy('2026-11-24T10:00:00Z', 'UTC'),
      ),
    ).toEqual([]);
  });

  it('D9: two Chinese anniversary labels of one contact are two greetings with stable ids', () => {
    const contact = {
      name: '王伟',
      anniversaries: [
        { label: '公司成立纪念日', date: '2008-05-18' },
        { label: '结婚纪念日', date: '2012-10-08' },
        { label: '公司成立纪念日', date: '2008-05-18' },
      ],
    };
    const at = policy('2026-11-24T10:00:00Z', 'Asia/Shanghai');
    const planned = plannedGreetings(contact, [], at);
    expect(planned.map((greeting) => greeting.localDate)).toEqual(['2027-05-18', '2027-10-08']);
    const [founding, wedding] = planned.map((greeting) => greeting.occasionKey);
    expect(founding).not.toBe(wedding);
    for (const key of [founding, wedding]) expect(key).toMatch(/^anniversary_[0-9a-f]{16}$/);
    // The key depends on the label only: a moved date keeps the greeting, a re-plan gives the same id.
    const moved = plannedGreetings(
      { ...contact, anniversaries: [{ label: ' 公司成立纪念日 ', date: '2008-06-01' }] },
      [],
      at,
    );
    expect(moved.map((greeting) => greeting.occasionKey)).toEqual([founding]);
  });

  it('D9: plans public holiday greetings from the maintained Chinese calendar, and a year it does not know yet from the configured one', () => {
    const names = ["New Year's Day", 'Labour Day', 'National Day'];
    const contact = { name: '李娜' };
    const spring = plannedGreetings(contact, [], policy('2026-03-01T00:00:00Z', 'Asia/Shanghai'), {
      names,
      calendar: chinesePublicHolidays(),
    });
    expect(
      spring.map((greeting) => [greeting.occasion, greeting.occasionKey, greeting.localDate]),
    ).toEqual([
      ['public_holiday', 'public_holiday_labour_day', '2026-05-01'],
      ['public_holiday', 'public_holiday_national_day', '2026-10-01'],
    ]);
    expect(spring[1]!.reason).toBe('National Day (国庆节) greeting');
    expect(spring[1]!.scheduledFor.toISOString()).toBe('2026-10-01T01:00:00.000Z');
    // 2027's dates are published late in 2026: a deployment adds them; until then none is guessed.
    const calendar = chinesePublicHolidays({
      '2027': {
        holidays: [{ from: '2027-01-01', en: "New Year's Day", zh: '元旦' }],
        makeUpWorkdays: [],
      },
    });
    const winter = plannedGreetings(contact, [], policy('2026-11-24T10:00:00Z', 'Asia/Shanghai'), {
      names,
      calendar,
    });
    expect(
      winter.map((greeting) => [greeting.occasionKey, greeting.year, greeting.localDate]),
    ).toEqual([['public_holiday_new_year_s_day', 2027, '2027-01-01']]);
  });

  it('names a greeting by contact, occasion and year', () => {
    expect(greetingIdOf('c-1', 'birthday', 2027)).toBe('gr-c-1-birthday-2027');
  });
});
