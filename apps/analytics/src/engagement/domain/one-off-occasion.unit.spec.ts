import { isOneOff, oneOffGreeting } from './one-off-occasion';

const at = (now: string) => ({ now: new Date(now), timeZone: 'Asia/Shanghai', localHour: 9 });

describe('D9 one-off occasions', () => {
  it('D9: a customer event and a condolence are greeted on their day at the local hour, once per label and date', () => {
    const opening = oneOffGreeting(
      'customer_event',
      '苏州新工厂开业',
      '2026-12-08',
      at('2026-11-30T02:00:00Z'),
    );
    expect(opening).toMatchObject({
      occasion: 'customer_event',
      year: 2026,
      localDate: '2026-12-08',
    });
    expect(opening!.occasionKey).toMatch(/^customer_event_[0-9a-f]{16}$/);
    expect(opening!.scheduledFor.toISOString()).toBe('2026-12-08T01:00:00.000Z');
    expect(
      oneOffGreeting('customer_event', ' 苏州新工厂开业', '2026-12-08', at('2026-12-01T00:00:00Z'))!
        .occasionKey,
    ).toBe(opening!.occasionKey);
    const award = oneOffGreeting(
      'customer_event',
      '获得省级质量奖',
      '2026-12-08',
      at('2026-11-30T02:00:00Z'),
    );
    expect(award!.occasionKey).not.toBe(opening!.occasionKey);
    // Condolences are sent the same day, late if need be, never days late.
    const today = oneOffGreeting(
      'condolence',
      '董事长家中丧事',
      '2026-11-30',
      at('2026-11-30T06:00:00Z'),
    );
    expect(today!.scheduledFor.toISOString()).toBe('2026-11-30T06:00:00.000Z');
    expect(
      oneOffGreeting('condolence', '董事长家中丧事', '2026-11-29', at('2026-11-30T06:00:00Z')),
    ).toBeUndefined();
    expect(['customer_event', 'condolence', 'birthday'].filter(isOneOff)).toEqual([
      'customer_event',
      'condolence',
    ]);
  });
});
