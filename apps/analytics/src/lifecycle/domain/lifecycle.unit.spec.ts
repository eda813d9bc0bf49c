import { assessLifecycle, buyingDays, stillMarkedLost, usualIntervalDays } from './lifecycle';
import { D5_DEFAULT_RULE } from '@apps/analytics/test/lifecycle.fixtures';

const rule = D5_DEFAULT_RULE;
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);

describe('lifecycle (D5)', () => {
  it('uses the median gap between purchases as the usual interval, 30 days when unknown', () => {
    expect(usualIntervalDays([day(0), day(10), day(30), day(40)], rule)).toBe(10);
    expect(usualIntervalDays([day(0)], rule)).toBe(30);
    expect(usualIntervalDays([], rule)).toBe(30);
  });

  it('is prospect before any purchase and new after the first', () => {
    expect(assessLifecycle([], day(0), rule).stage).toBe('prospect');
    expect(assessLifecycle([day(0)], day(5), rule).stage).toBe('new');
    expect(assessLifecycle([day(0), day(10)], day(15), rule).stage).toBe('active');
  });

  // A customer who buys every 10 days: thresholds at 20, 40, 60 and 120 days after the last purchase.
  const history = [day(0), day(10), day(20), day(30)];
  const at = (daysAfter: number) => assessLifecycle(history, day(30 + daysAfter), rule).stage;

  it.each([
    [20, 'active'],
    [21, 'drowsy'],
    [40, 'drowsy'],
    [41, 'half_asleep'],
    [60, 'half_asleep'],
    [61, 'dormant'],
    [120, 'dormant'],
    [121, 'lost'],
  ])('%i days after the last purchase: %s', (daysAfter, stage) => {
    expect(at(daysAfter)).toBe(stage);
  });

  it('uses the default interval for a single purchase (drowsy beyond 60 days)', () => {
    expect(assessLifecycle([day(0)], day(60), rule).stage).toBe('new');
    expect(assessLifecycle([day(0)], day(61), rule).stage).toBe('drowsy');
  });

  it('is lost when marked lost, whatever the dates', () => {
    expect(assessLifecycle(history, day(31), rule, true).stage).toBe('lost');
  });

  it('as of a past date counts only the purchases made by then', () => {
    // Bought every 10 days until day 30, then again on day 200 (after the date asked about).
    const later = [...history, day(200)];
    expect(assessLifecycle(later, day(30 + 61), rule)).toMatchObject({
      stage: 'dormant',
      intervalDays: 10,
      daysSinceLastPurchase: 61,
    });
    expect(assessLifecycle([day(200)], day(100), rule).stage).toBe('prospect');
  });

  it('D5: a purchase refunded in full does not keep a customer active', () => {
    const iso = (n: number) => day(n).toISOString().slice(0, 10);
    // Bought on day 0; bought again on day 50 (10 billion minor units) and returned it all.
    const purchases = {
      first: { day: iso(0), netMinor: 12_345n },
      returned: { day: iso(50), netMinor: 10_000_000_000n - 10_000_000_000n },
      partly: { day: iso(0), netMinor: 1n },
    };
    const days = buyingDays(purchases, [iso(0), iso(50)]).map((d) => new Date(`${d}T00:00:00Z`));
    expect(days).toEqual([day(0)]);
    // 70 days after the only purchase that counts (default interval 30): drowsy, not active.
    expect(assessLifecycle(days, day(70), rule).stage).toBe('drowsy');
    // Days known only as days (older facts, merges) still count.
    expect(buyingDays(undefined, [iso(5), iso(1)])).toEqual([iso(1), iso(5)]);
  });

  it('D5: marked lost holds until a purchase on the day of the marking or later', () => {
    const markedAt = new Date(day(40).getTime() + 10 * 3_600_000);
    expect(stillMarkedLost(undefined, [day(0)])).toBe(false);
    // A back-dated import of older purchases does not reverse it.
    expect(stillMarkedLost(markedAt, [day(0), day(39)])).toBe(true);
    expect(stillMarkedLost(markedAt, [day(0), day(40)])).toBe(false);
    expect(assessLifecycle(history, day(45), rule, stillMarkedLost(markedAt, history)).stage).toBe(
      'lost',
    );
    const bought = [...history, day(44)];
    expect(assessLifecycle(bought, day(45), rule, stillMarkedLost(markedAt, bought)).stage).toBe(
      'active',
    );
  });
});
