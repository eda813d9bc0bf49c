import {
  endsReactivation,
  firstPurchaseAction,
  holderOf,
  nextKeyAccountMeeting,
} from './follow-up.rules';

const DAY = 86_400_000;
const now = new Date('2026-11-30T10:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);
const week = 7 * DAY;

describe('D9 follow-up rules', () => {
  it('D9: a back-dated ERP import plans no "first purchase" call for a legacy customer; a recent first purchase plans one', () => {
    // A legacy customer's history imported today: the oldest purchase comes first, years ago.
    expect(
      firstPurchaseAction({
        purchasedAt: daysAgo(900),
        earliestKnown: undefined,
        now,
        windowMs: week,
      }),
    ).toBe('none');
    // Its later (also back-dated) purchases are not first purchases.
    expect(
      firstPurchaseAction({
        purchasedAt: daysAgo(30),
        earliestKnown: daysAgo(900),
        now,
        windowMs: week,
      }),
    ).toBe('none');
    // A new customer's purchase of today, or of three days ago, plans the call.
    expect(
      firstPurchaseAction({ purchasedAt: now, earliestKnown: undefined, now, windowMs: week }),
    ).toBe('schedule');
    expect(
      firstPurchaseAction({
        purchasedAt: daysAgo(3),
        earliestKnown: undefined,
        now,
        windowMs: week,
      }),
    ).toBe('schedule');
    // The first purchase seen again (Kafka redelivers; the consumer retries after the scheduling
    // failed, the earliest date already recorded): it plans the call as the first time did (the
    // follow-up id makes that idempotent), neither 'none' (the call would be lost) nor 'withdraw'.
    expect(
      firstPurchaseAction({
        purchasedAt: daysAgo(3),
        earliestKnown: daysAgo(3),
        now,
        windowMs: week,
      }),
    ).toBe('schedule');
    // ... and a legacy purchase seen again still plans none.
    expect(
      firstPurchaseAction({
        purchasedAt: daysAgo(900),
        earliestKnown: daysAgo(900),
        now,
        windowMs: week,
      }),
    ).toBe('none');
    // The import arrives after a recent sale: the call planned for that sale is withdrawn.
    expect(
      firstPurchaseAction({
        purchasedAt: daysAgo(400),
        earliestKnown: daysAgo(1),
        now,
        windowMs: week,
      }),
    ).toBe('withdraw');
    // An earlier purchase still within the window leaves the planned call standing.
    expect(
      firstPurchaseAction({
        purchasedAt: daysAgo(5),
        earliestKnown: daysAgo(1),
        now,
        windowMs: week,
      }),
    ).toBe('none');
  });

  it('D9: the key-account meeting repeats every period from the designation, and stops on retirement', () => {
    const designatedAt = new Date('2025-01-31T09:00:00Z');
    const next = (at: string, periodMonths = 12, retiredAt?: Date) =>
      nextKeyAccountMeeting({
        designatedAt,
        periodMonths,
        now: new Date(at),
        ...(retiredAt ? { retiredAt } : {}),
      });
    expect(next('2025-02-01T00:00:00Z')?.meetingAt.toISOString()).toBe('2026-01-31T09:00:00.000Z');
    // Once that meeting is reached, the following one: a series, not a single meeting.
    expect(next('2026-01-31T09:00:00Z')?.meetingAt.toISOString()).toBe('2027-01-31T09:00:00.000Z');
    expect(next('2031-06-01T00:00:00Z')).toMatchObject({ sequence: 7 });
    // Every six months when so configured; the 31st falls on the last day of a shorter month.
    expect(next('2025-02-01T00:00:00Z', 1)?.meetingAt.toISOString()).toBe(
      '2025-02-28T09:00:00.000Z',
    );
    expect(next('2025-08-01T00:00:00Z', 6)?.meetingAt.toISOString()).toBe(
      '2026-01-31T09:00:00.000Z',
    );
    // Retired: no meeting any more.
    expect(next('2026-03-01T00:00:00Z', 12, new Date('2026-02-15T00:00:00Z'))).toBeUndefined();
  });

  it('D9: reactivation calls end when the customer buys again (back to new or active)', () => {
    expect(['active', 'new'].filter(endsReactivation)).toEqual(['active', 'new']);
    expect(
      ['drowsy', 'half_asleep', 'dormant', 'lost', 'prospect'].filter(endsReactivation),
    ).toEqual([]);
  });
});

describe('D9: who holds a follow-up', () => {
  const owners = { ownerId: 'rep-1', keyAccountManagerId: 'kam-1' };

  it('gives a key-account call to the key-account manager, the rest to the owner', () => {
    expect(holderOf('key_account_manager', owners)).toBe('kam-1');
    expect(holderOf('rep', owners)).toBe('rep-1');
  });

  it('gives a key-account call to the owner while the customer has no key-account manager', () => {
    expect(holderOf('key_account_manager', { ownerId: 'rep-1' })).toBe('rep-1');
    expect(holderOf('rep', {})).toBeUndefined();
  });
});
