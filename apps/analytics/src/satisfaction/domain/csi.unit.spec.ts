import { csi, evaluateAlert, toHundred } from './csi';

const rule = { windowDays: 365, halfLifeDays: 90 };
const alerts = { floor: 60, maxDrop: 15, dropWindowDays: 30 };
const asOf = new Date('2026-11-24T00:00:00Z');
const daysAgo = (n: number) => new Date(asOf.getTime() - n * 86_400_000);

describe('CSI (D6)', () => {
  it('maps five-point and NPS scores to 0–100', () => {
    expect([1, 3, 5].map((value) => toHundred({ value, scale: 'five_point' }))).toEqual([
      0, 50, 100,
    ]);
    expect(toHundred({ value: 7, scale: 'nps' })).toBe(70);
  });

  it('weights a score one half-life old half as much as a score of today', () => {
    // 5 today (100, weight 1) and 1 ninety days ago (0, weight 0.5): (100·1 + 0·0.5) / 1.5
    const value = csi(
      [
        { value: 5, scale: 'five_point', at: asOf },
        { value: 1, scale: 'five_point', at: daysAgo(90) },
      ],
      asOf,
      rule,
    );
    expect(value).toBeCloseTo(66.667, 3);
  });

  it('ignores scores older than the window, and has no value without scores', () => {
    expect(csi([{ value: 1, scale: 'five_point', at: daysAgo(366) }], asOf, rule)).toBeNull();
    expect(csi([], asOf, rule)).toBeNull();
  });

  it('raises one alert per episode and re-arms after recovery', () => {
    const sequence: [number, number][] = [
      [80, 80], // fine
      [58, 80], // below the floor: raise
      [55, 80], // still in the episode: no second alert
      [70, 80], // recovered
      [64, 82], // a drop of 18 within the window: raise again
    ];
    let inEpisode = false;
    const raised = sequence.map(([current, peak]) => {
      const decision = evaluateAlert(current, peak, inEpisode, alerts);
      inEpisode = decision.inEpisode;
      return decision.raise;
    });
    expect(raised).toEqual([null, 'below_floor', null, null, 'sharp_drop']);
  });
});
