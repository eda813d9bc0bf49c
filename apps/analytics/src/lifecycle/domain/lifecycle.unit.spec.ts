import { assessLifecycle, usualIntervalDays } from './lifecycle';

const rule = { defaultIntervalDays: 30, drowsyAfter: 2, halfAsleepAfter: 4, dormantAfter: 6, lostAfter: 12 };
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
});
