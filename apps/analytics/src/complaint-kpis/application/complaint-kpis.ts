import { Injectable } from '@nestjs/common';
import type { AccessScope } from '@crm/platform';
import { ProjectionSlots } from '@crm/projections';
import { CustomerScope } from '@apps/analytics/src/projections/application/customer-scope';
import { COMPLAINTS, type ComplaintDocument } from '../infrastructure/complaints.projection';

const HOUR_MS = 3_600_000;

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

const round = (value: number | null, digits = 4) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

function kpisOf(complaints: readonly ComplaintDocument[]) {
  const hours = complaints
    .filter((c) => c.wellFounded !== false && c.recordedAt && (c.resolvedAt ?? c.closedAt))
    .map((c) => (Date.parse((c.resolvedAt ?? c.closedAt)!) - Date.parse(c.recordedAt!)) / HOUR_MS)
    .sort((a, b) => a - b);
  const judged = complaints.filter((c) => c.wellFounded !== undefined);
  return {
    complaints: complaints.length,
    open: complaints.filter((c) => c.open).length,
    resolved: hours.length,
    resolutionHours: {
      p50: round(percentile(hours, 50), 2),
      p90: round(percentile(hours, 90), 2),
      p95: round(percentile(hours, 95), 2),
    },
    slaBreachRate:
      complaints.length > 0
        ? round(complaints.filter((c) => c.breached).length / complaints.length)
        : null,
    validityRate:
      judged.length > 0 ? round(judged.filter((c) => c.wellFounded).length / judged.length) : null,
  };
}

/**
 * D7 KPIs over the complaints recorded in a period (all when open-ended), overall, by department and
 * by severity; of the customers in the caller's scope (the roles that read them today see every
 * customer, a narrower role would read its own customers' complaints).
 */
@Injectable()
export class ComplaintKpis {
  constructor(
    private readonly slots: ProjectionSlots,
    private readonly customers: CustomerScope,
  ) {}

  async compute(range: { from?: string; to?: string }, scope: AccessScope) {
    const complaints = await this.slots.collection<ComplaintDocument>(COMPLAINTS);
    const recordedAt: Record<string, string> = {};
    if (range.from) recordedAt['$gte'] = range.from;
    if (range.to) recordedAt['$lt'] = range.to;
    const recorded = await complaints
      .find(Object.keys(recordedAt).length > 0 ? { recordedAt } : { recordedAt: { $exists: true } })
      .toArray();
    const visible = await this.customers.narrow(
      scope,
      recorded.map((c) => c.customerId),
    );
    const all = recorded.filter((c) => visible.includes(c.customerId));
    const groupBy = (key: (c: ComplaintDocument) => string) => {
      const groups = new Map<string, ComplaintDocument[]>();
      for (const complaint of all)
        groups.set(key(complaint), [...(groups.get(key(complaint)) ?? []), complaint]);
      return Object.fromEntries(
        [...groups.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, g]) => [k, kpisOf(g)]),
      );
    };
    return {
      ...range,
      overall: kpisOf(all),
      byDepartment: groupBy((c) => c.department ?? 'unassigned'),
      bySeverity: groupBy((c) => c.severity ?? 'unknown'),
    };
  }
}
