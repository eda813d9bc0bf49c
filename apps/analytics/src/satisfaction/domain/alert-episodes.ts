import { csi, evaluateAlert, type AlertReason, type AlertRule, type CsiRule } from './csi';

export interface ScoredEvent {
  readonly eventId: string;
  /** 1–5 */
  readonly value: number;
  /** RFC 3339 business time of the score. */
  readonly at: string;
}

/** The CSI right after one score: a point of the customer's satisfaction trend. */
export interface TrendPoint {
  readonly eventId: string;
  readonly at: string;
  readonly csi: number;
}

export interface AlertEpisode {
  readonly eventId: string;
  readonly at: string;
  readonly reason: AlertReason;
  readonly csi: number;
  readonly peakCsi: number | null;
}

const DAY_MS = 86_400_000;
const byTimeThenId = (a: ScoredEvent, b: ScoredEvent) =>
  a.at.localeCompare(b.at) || a.eventId.localeCompare(b.eventId);

/**
 * D6 early warning over a customer's scores in business-time order: the CSI after each score, the
 * peak within the drop window before it, and the episodes (one alert each). A function of the set
 * of scores, not of the order they arrived in: live and rebuilt projections agree. `trend` is the
 * CSI after each score, in business-time order.
 */
export function alertEpisodes(
  scores: readonly ScoredEvent[],
  csiRule: CsiRule,
  alertRule: AlertRule,
): { episodes: AlertEpisode[]; current: number | null; trend: TrendPoint[] } {
  const ordered = [...scores].sort(byTimeThenId);
  const points: { at: number; csi: number }[] = [];
  const trend: TrendPoint[] = [];
  const episodes: AlertEpisode[] = [];
  let inEpisode = false;
  let current: number | null = null;
  ordered.forEach((score, index) => {
    const at = new Date(score.at);
    current = csi(
      ordered
        .slice(0, index + 1)
        .map((s) => ({ value: s.value, scale: 'five_point' as const, at: new Date(s.at) })),
      at,
      csiRule,
    );
    const since = at.getTime() - alertRule.dropWindowDays * DAY_MS;
    const recent = points.filter((point) => point.at >= since).map((point) => point.csi);
    const peak = recent.length > 0 ? Math.max(...recent) : null;
    const decision = evaluateAlert(current, peak, inEpisode, alertRule);
    if (decision.raise && current !== null) {
      episodes.push({
        eventId: score.eventId,
        at: score.at,
        reason: decision.raise,
        csi: current,
        peakCsi: peak,
      });
    }
    inEpisode = decision.inEpisode;
    if (current !== null) {
      points.push({ at: at.getTime(), csi: current });
      trend.push({ eventId: score.eventId, at: score.at, csi: current });
    }
  });
  return { episodes, current, trend };
}
