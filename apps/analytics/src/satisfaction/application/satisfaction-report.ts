import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, documentsById, type AccessScope } from '@crm/platform';
import { ProjectionSlots } from '@crm/projections';
import type { AnalyticsRules } from '@apps/analytics/src/analytics.config';
import { ANALYTICS_RULES } from '@apps/analytics/src/analytics.tokens';
import { labelsOf } from '@apps/analytics/src/customer-360/infrastructure/customer-360.projection';
import { CustomerScope } from '@apps/analytics/src/projections/application/customer-scope';
import {
  CUSTOMER_STATUS,
  type CustomerStatusDocument,
} from '@apps/analytics/src/tiers/infrastructure/customer-status.projection';
import { alertEpisodes } from '../domain/alert-episodes';
import { csiOfFivePoint, type AlertReason } from '../domain/csi';
import { npsOf, type NpsFigures } from '../domain/survey-scores';
import {
  SATISFACTION,
  type SatisfactionDocument,
  type ScoreEntry,
} from '../infrastructure/satisfaction.projection';

export const SATISFACTION_GROUPINGS = ['tier', 'region', 'rep', 'department', 'company'] as const;
export type SatisfactionGrouping = (typeof SATISFACTION_GROUPINGS)[number];

export interface SatisfactionGroup extends NpsFigures {
  readonly key: string;
  /** Recency-weighted CSI of every score of the group, 0–100 (null without scores in the window). */
  readonly csi: number | null;
  readonly customers: number;
  readonly scores: number;
  /** Customers of the group whose own CSI is below the alert floor. */
  readonly atRisk: number;
}

export interface SatisfactionTrend {
  readonly asOf: string;
  /** The CSI as of now, 0–100 (null without scores in the window). */
  readonly csi: number | null;
  /** Below this CSI a customer is at risk (the alert rule's floor). */
  readonly floor: number;
  readonly points: readonly {
    readonly at: string;
    readonly source: ScoreEntry['source'];
    /** The score itself, 1–5. */
    readonly score: number;
    /** The CSI right after this score. */
    readonly csi: number;
  }[];
  readonly alerts: readonly {
    readonly at: string;
    readonly reason: AlertReason;
    readonly csi: number;
    /** The highest CSI within the drop window before the alert (null: none). */
    readonly peakCsi: number | null;
  }[];
}

export interface CustomersAtRisk {
  readonly asOf: string;
  readonly floor: number;
  /** Every customer in scope below the floor; `customers` lists the first of them. */
  readonly total: number;
  readonly customers: readonly {
    readonly customerId: string;
    readonly name: string | null;
    readonly ownerId: string | null;
    readonly region: string | null;
    /** The CSI as of now, 0–100. */
    readonly csi: number;
    readonly scores: number;
    /** The customer's latest early warning (null: below the floor without an alert in the record). */
    readonly lastAlert: { readonly at: string; readonly reason: AlertReason } | null;
  }[];
}

const round = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

/**
 * D6 aggregation, as of now: computed in code over bounded reads of three read models (FerretDB has
 * no $lookup). Tier, region and rep (the owner) are the customer's; department is the department a
 * complaint was assigned to, so it counts complaint-closure scores only. Every grouping counts the
 * customers in the caller's scope only: a region's manager reads their region (and `company` is
 * their region's CSI), a caller without customers an empty report.
 */
@Injectable()
export class SatisfactionReport {
  constructor(
    private readonly slots: ProjectionSlots,
    @Inject(ANALYTICS_RULES) private readonly rules: AnalyticsRules,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly customers: CustomerScope,
  ) {}

  async customerCsi(customerId: string): Promise<number | null> {
    return round(this.csiOf(await this.scoresOf(customerId)));
  }

  /**
   * One customer's CSI over time: the CSI right after each score (as of that score's business
   * time), the early-warning episodes (one alert each, as the projection raised them) and the CSI
   * as of now. Points and alerts in business-time order.
   */
  async customerTrend(customerId: string): Promise<SatisfactionTrend> {
    const scores = await this.scoresOf(customerId);
    const { episodes, trend } = alertEpisodes(scores, this.rules.csi, this.rules.alerts);
    const scoreOf = new Map(scores.map((score) => [score.eventId, score]));
    return {
      asOf: this.clock.now().toISOString(),
      csi: round(this.csiOf(scores)),
      floor: this.rules.alerts.floor,
      points: trend.map((point) => {
        const score = scoreOf.get(point.eventId)!;
        return { at: point.at, source: score.source, score: score.value, csi: round(point.csi)! };
      }),
      alerts: episodes.map((episode) => ({
        at: episode.at,
        reason: episode.reason,
        csi: round(episode.csi)!,
        peakCsi: round(episode.peakCsi),
      })),
    };
  }

  /** One document per customer and source topic (visits, complaints, engagement): all its scores. */
  private async scoresOf(customerId: string): Promise<ScoreEntry[]> {
    const documents = await (
      await this.slots.collection<SatisfactionDocument>(SATISFACTION)
    )
      .find({ customerId }, { projection: { scores: 1 } })
      .toArray();
    return documents.flatMap((document) => document.scores ?? []);
  }

  async groupBy(
    grouping: SatisfactionGrouping,
    scope: AccessScope,
  ): Promise<{ groupBy: SatisfactionGrouping; asOf: string; groups: SatisfactionGroup[] }> {
    const { documents, visible } = await this.visibleScores(scope);
    const status = await this.slots.collection<CustomerStatusDocument>(CUSTOMER_STATUS);
    const ids = documents.map((document) => document._id);
    const tiers = new Map(
      [...(await documentsById(status, ids, { projection: { tier: 1 } })).values()].map((s) => [
        s._id,
        s.tier,
      ]),
    );
    const groups = new Map<
      string,
      { scores: ScoreEntry[]; customers: Set<string>; atRisk: Set<string> }
    >();
    const add = (key: string, customerId: string, scores: ScoreEntry[], atRisk: boolean) => {
      const group = groups.get(key) ?? {
        scores: [],
        customers: new Set<string>(),
        atRisk: new Set<string>(),
      };
      group.scores.push(...scores);
      group.customers.add(customerId);
      if (atRisk) group.atRisk.add(customerId);
      groups.set(key, group);
    };
    for (const document of documents) {
      const scores = document.scores ?? [];
      const own = this.csiOf(scores);
      const atRisk = own !== null && own < this.rules.alerts.floor;
      switch (grouping) {
        case 'company':
          add('company', document._id, scores, atRisk);
          break;
        case 'tier':
          add(tiers.get(document._id) ?? 'none', document._id, scores, atRisk);
          break;
        case 'region':
          add(visible.refOf(document._id)?.region ?? 'unknown', document._id, scores, atRisk);
          break;
        case 'rep':
          add(visible.refOf(document._id)?.ownerId ?? 'unknown', document._id, scores, atRisk);
          break;
        case 'department':
          for (const department of new Set(
            scores.flatMap((s) => (s.department ? [s.department] : [])),
          )) {
            const ofDepartment = scores.filter((s) => s.department === department);
            const value = this.csiOf(ofDepartment);
            add(
              department,
              document._id,
              ofDepartment,
              value !== null && value < this.rules.alerts.floor,
            );
          }
          break;
      }
    }
    return {
      groupBy: grouping,
      asOf: this.clock.now().toISOString(),
      groups: [...groups.entries()]
        .map(([key, group]) => ({
          key,
          csi: round(this.csiOf(group.scores)),
          customers: group.customers.size,
          scores: group.scores.length,
          atRisk: group.atRisk.size,
          ...this.npsOf(group.scores),
        }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    };
  }

  /**
   * D6's early-warning list: the customers in the caller's scope whose CSI as of now is below the
   * alert floor (the `atRisk` the groupings count), lowest CSI first, each with its name, owner and
   * latest alert. `total` counts them all; `customers` holds the first `limit`.
   */
  async atRisk(scope: AccessScope, limit: number): Promise<CustomersAtRisk> {
    const { documents, visible } = await this.visibleScores(scope);
    const floor = this.rules.alerts.floor;
    const risky = documents
      .map((document) => ({ ...document, csi: this.csiOf(document.scores) }))
      .filter(
        (entry): entry is typeof entry & { csi: number } => entry.csi !== null && entry.csi < floor,
      )
      .sort((a, b) => a.csi - b.csi || a._id.localeCompare(b._id));
    const page = risky.slice(0, limit);
    const labelOf = await labelsOf(
      this.slots,
      page.map((entry) => entry._id),
    );
    return {
      asOf: this.clock.now().toISOString(),
      floor,
      total: risky.length,
      customers: page.map((entry) => {
        const latest = alertEpisodes(entry.scores, this.rules.csi, this.rules.alerts).episodes.at(
          -1,
        );
        const ref = visible.refOf(entry._id);
        const label = labelOf(entry._id);
        return {
          customerId: entry._id,
          name: label.name,
          ownerId: ref?.ownerId ?? label.ownerId,
          region: ref?.region ?? null,
          csi: round(entry.csi)!,
          scores: entry.scores.length,
          lastAlert: latest ? { at: latest.at, reason: latest.reason } : null,
        };
      }),
    };
  }

  /** Every customer's scores (all topics' documents), of the customers the caller may see. */
  private async visibleScores(scope: AccessScope) {
    const satisfaction = await this.slots.collection<SatisfactionDocument>(SATISFACTION);
    const byCustomer = new Map<string, ScoreEntry[]>();
    for (const document of await satisfaction
      .find({}, { projection: { customerId: 1, scores: 1 } })
      .toArray()) {
      if (!document.customerId) continue;
      byCustomer.set(document.customerId, [
        ...(byCustomer.get(document.customerId) ?? []),
        ...(document.scores ?? []),
      ]);
    }
    // A customer counts by its scores: documents that only hold the checkpoint of a topic's other
    // events (follow-ups scheduled, visits planned) are no satisfaction data.
    const scored = [...byCustomer.entries()].filter(([, scores]) => scores.length > 0);
    const visible = await this.customers.narrow(
      scope,
      scored.map(([customerId]) => customerId),
    );
    const documents = scored
      .filter(([customerId]) => visible.includes(customerId))
      .map(([customerId, scores]) => ({ _id: customerId, scores }));
    return { documents, visible };
  }

  /** D6 NPS of the group's survey answers that have one, over the CSI's window. */
  private npsOf(scores: readonly ScoreEntry[]): NpsFigures {
    return npsOf(
      scores.flatMap((score) =>
        score.nps === undefined ? [] : [{ nps: score.nps, at: new Date(score.at) }],
      ),
      this.clock.now(),
      this.rules.nps,
    );
  }

  private csiOf(scores: readonly ScoreEntry[]): number | null {
    return csiOfFivePoint(scores, this.clock.now(), this.rules.csi);
  }
}
