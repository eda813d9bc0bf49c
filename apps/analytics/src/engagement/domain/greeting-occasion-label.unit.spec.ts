import { chinesePublicHolidays } from '@crm/calendar';
import { greetingIdOf, plannedGreetings } from './greeting-calendar';
import { holidayLabels, occasionKeyOf, occasionLabelOf } from './greeting-occasion-label';

describe('greeting occasion labels', () => {
  const holidays = holidayLabels(chinesePublicHolidays());

  it('given a planned birthday, when the list labels it, then it reads 生日 from its id alone', () => {
    const [birthday] = plannedGreetings({ name: '王芳', birthday: '1985-06-18' }, [], {
      now: new Date('2026-12-01T00:00:00Z'),
      timeZone: 'Asia/Shanghai',
      localHour: 9,
    });
    const greetingId = greetingIdOf('c-1', birthday!.occasionKey, birthday!.year);
    const key = occasionKeyOf(greetingId, 'c-1', birthday!.year);
    expect(key).toBe('birthday');
    expect(occasionLabelOf('birthday', key, holidays)).toBe('生日');
  });

  it('given a public holiday greeting, when the list labels it, then it names the holiday as the calendar does', () => {
    const [national] = plannedGreetings(
      { name: '王芳' },
      [],
      { now: new Date('2026-09-01T00:00:00Z'), timeZone: 'Asia/Shanghai', localHour: 9 },
      { names: ['National Day'], calendar: chinesePublicHolidays() },
    );
    const greetingId = greetingIdOf('c-2', national!.occasionKey, national!.year);
    expect(
      occasionLabelOf('public_holiday', occasionKeyOf(greetingId, 'c-2', 2026), holidays),
    ).toBe('国庆节');
  });

  it('given an anniversary, when the list labels it, then only the kind shows: its own label is personal', () => {
    expect(occasionLabelOf('anniversary', 'anniversary_0123456789abcdef', holidays)).toBe('纪念日');
    expect(occasionLabelOf('public_holiday', 'public_holiday_unknown', holidays)).toBe(
      '法定节假日',
    );
  });
});
