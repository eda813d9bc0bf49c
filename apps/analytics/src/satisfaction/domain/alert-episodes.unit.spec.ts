import { alertEpisodes } from './alert-episodes';

const csiRule = { windowDays: 365, halfLifeDays: 90 };
const alertRule = { floor: 60, maxDrop: 15, dropWindowDays: 30 };
const at = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString();

describe('CSI early warning over a score history (D6)', () => {
  it('gives the expected CSI for a known sequence and one alert per drop episode', () => {
    const scores = [
      { eventId: 'e1', value: 5, at: at(0) }, // 100
      { eventId: 'e2', value: 5, at: at(1) },
      { eventId: 'e3', value: 1, at: at(2) }, // 100 → ~66: a sharp drop, alert
      { eventId: 'e4', value: 1, at: at(3) }, // now below 60 too, same episode: no alert
      { eventId: 'e5', value: 1, at: at(4) },
    ];
    const { episodes, current, trend } = alertEpisodes(scores, csiRule, alertRule);
    // Day 4: weights 0.5^(4/90), 0.5^(3/90), 0.5^(2/90), 0.5^(1/90), 1 for 100, 100, 0, 0, 0.
    const w = (days: number) => 0.5 ** (days / 90);
    expect(current).toBeCloseTo((100 * (w(4) + w(3))) / (w(4) + w(3) + w(2) + w(1) + 1), 6);
    expect(episodes.map((episode) => [episode.eventId, episode.reason])).toEqual([
      ['e3', 'sharp_drop'],
    ]);
    // The trend: the CSI as of each score's own day, over the scores up to it.
    expect(trend.map((point) => point.eventId)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(trend[1]!.csi).toBe(100);
    expect(trend[2]!.csi).toBeCloseTo((100 * (w(2) + w(1))) / (w(2) + w(1) + 1), 6);
    expect(trend[4]!.csi).toBeCloseTo(current!, 9);
  });

  it('raises a sharp-drop alert above the floor, and a new one after recovery', () => {
    const scores = [
      { eventId: 'a', value: 5, at: at(0) }, // 100
      { eventId: 'b', value: 3, at: at(1) }, // ~75: a drop of 25 within 30 days, above 60
      { eventId: 'c', value: 5, at: at(60) },
      { eventId: 'd', value: 5, at: at(61) }, // recovered (peak within 30 days ~ 9x)
      { eventId: 'e', value: 1, at: at(62) }, // a new drop
    ];
    const { episodes } = alertEpisodes(scores, csiRule, alertRule);
    expect(episodes.map((episode) => [episode.eventId, episode.reason])).toEqual([
      ['b', 'sharp_drop'],
      ['e', 'sharp_drop'],
    ]);
  });

  it('does not depend on the order the scores arrived in', () => {
    const scores = [
      { eventId: 'x', value: 2, at: at(5) },
      { eventId: 'y', value: 5, at: at(1) },
      { eventId: 'z', value: 1, at: at(9) },
    ];
    expect(alertEpisodes([...scores].reverse(), csiRule, alertRule)).toEqual(
      alertEpisodes(scores, csiRule, alertRule),
    );
  });
});
