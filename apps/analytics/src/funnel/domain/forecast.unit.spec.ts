import { forecast, openInPeriod, type OpenOpportunity } from './forecast';

const rates = [0.05, 0.1, 0.2, 0.3, 0.5, 0.8];
const cny = (major: number) => ({ minor: BigInt(Math.round(major * 100)), currency: 'CNY' });
const open = (amount: OpenOpportunity['amount'], stage: number, overdue = false) => ({
  amount,
  stage,
  overdue,
});

describe('funnel forecast (D10)', () => {
  it('gives the D10 example: 1,424 open across six stages weighs 364.8, plus closed revenue', () => {
    const example = [300, 240, 176, 464, 146, 98].map((amount, stage) => open(cny(amount), stage));
    expect(forecast([], example, rates)).toEqual([
      expect.objectContaining({
        currency: 'CNY',
        weightedPipeline: 364.8,
        forecast: 364.8,
        openAmount: 1424,
        openOpportunities: 6,
      }),
    ]);
    expect(forecast([cny(1000)], example, rates)[0]!.forecast).toBe(1364.8);
  });

  it('D10: forecasts each currency on its own, exactly, far beyond 2^53 minor units', () => {
    // The USD open amount is 1.1 × 10^16 cents, beyond 2^53 (≈ 9.007 × 10^15): exact all the same.
    const jpy = { minor: 900_000_000_000_000n, currency: 'JPY' };
    const usd = { minor: 999_999_999_999_999n, currency: 'USD' };
    const result = forecast(
      [jpy, { minor: 1n, currency: 'USD' }],
      [open(jpy, 5), open(usd, 5), ...Array.from({ length: 10 }, () => open(usd, 4))],
      rates,
    );
    expect(result.map((row) => row.currency)).toEqual(['JPY', 'USD']);
    const [yen, dollars] = result;
    // 9 × 10^14 + 0.8 × 9 × 10^14
    expect(yen!.exact).toEqual({
      closedRevenue: '900000000000000',
      weightedPipeline: '720000000000000',
      forecast: '1620000000000000',
      openAmount: '900000000000000',
    });
    // (0.8 + 10 × 0.5) × 9,999,999,999,999.99 = 57,999,999,999,999.942 → .94, plus 0.01 closed
    expect(dollars!.exact).toEqual({
      closedRevenue: '0.01',
      weightedPipeline: '57999999999999.94',
      forecast: '57999999999999.95',
      openAmount: '109999999999999.89',
    });
  });

  it('D10: an overdue open opportunity stays in the current period, flagged, and is counted once', () => {
    const today = '2026-11-30';
    expect(openInPeriod('2026-11-15', '2026-11', today)).toEqual({ counts: true, overdue: true });
    expect(openInPeriod('2026-09-30', '2026-11', today)).toEqual({ counts: true, overdue: true });
    expect(openInPeriod('2026-09-30', '2026-12', today)).toEqual({ counts: false, overdue: true });
    expect(openInPeriod('2026-12-01', '2026-12', today)).toEqual({ counts: true, overdue: false });
    expect(openInPeriod('2026-11-30', '2026-11', today)).toEqual({ counts: true, overdue: false });
    const [row] = forecast([], [open(cny(100), 2, true), open(cny(50), 0)], rates);
    expect(row!.overdue).toEqual({ opportunities: 1, amount: 100 });
    expect(row!.openAmount).toBe(150);
  });

  it('refuses a stage it has no win rate for', () => {
    expect(() => forecast([], [open(cny(1), 6)], rates)).toThrow(RangeError);
  });
});
