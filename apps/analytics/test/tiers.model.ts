import type { Tier, TierRule } from '@apps/analytics/src/tiers/domain/abc-tiering';

/**
 * Independent models of D2/D3 for the tier tests: the plainest code that says the rule (no
 * shortcuts), against which the production computation is checked.
 */
export interface PurchaseFact {
  readonly purchaseId: string;
  readonly customerId: string;
  /** Minor units of the company currency; negative for a reversal. */
  readonly amount: bigint;
  readonly occurredAt: Date;
}

const DAY_MS = 86_400_000;
const dayIndexOf = (date: Date): number => Math.floor(date.getTime() / DAY_MS);

/** Revenue per customer in the window (fromDay, toDay], from every fact (a purchase id counts once). */
export function revenueFromScratch(
  facts: readonly PurchaseFact[],
  window: { fromDay: number; toDay: number },
): Map<string, bigint> {
  const unique = new Map(facts.map((fact) => [fact.purchaseId, fact]));
  const revenue = new Map<string, bigint>();
  for (const fact of unique.values()) {
    const day = dayIndexOf(fact.occurredAt);
    const inWindow = day > window.fromDay && day <= window.toDay;
    revenue.set(
      fact.customerId,
      (revenue.get(fact.customerId) ?? 0n) + (inWindow ? fact.amount : 0n),
    );
  }
  return revenue;
}

export interface ModelAssignment {
  readonly customerId: string;
  readonly revenue: bigint;
  readonly tier: Tier;
  readonly before: number;
  readonly revenueAbove: bigint;
  readonly rank: number;
}

/**
 * D3 from the customer-facts documents, the straightforward way: each day key dated on its own,
 * a sort comparing bigints, a division per customer, the mix by plain sums.
 */
export function tiersModel(
  facts: readonly {
    _id: string;
    revenueByDay?: Record<string, bigint | number>;
    mergedInto?: string;
  }[],
  window: { fromDay: number; toDay: number },
  rule: TierRule,
): { assignments: ModelAssignment[]; total: bigint; counts: Record<Tier, number> } {
  const customers = facts
    .filter((fact) => fact.mergedInto === undefined)
    .map((fact) => {
      let revenue = 0n;
      for (const [day, amount] of Object.entries(fact.revenueByDay ?? {})) {
        const index = Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
        if (index > window.fromDay && index <= window.toDay) revenue += BigInt(amount);
      }
      return { customerId: fact._id, revenue };
    })
    .sort((a, b) =>
      a.revenue !== b.revenue
        ? a.revenue > b.revenue
          ? -1
          : 1
        : a.customerId < b.customerId
          ? -1
          : a.customerId > b.customerId
            ? 1
            : 0,
    );
  const total = customers.reduce((sum, c) => (c.revenue > 0n ? sum + c.revenue : sum), 0n);
  const below = (above: bigint, share: number) =>
    above * 1_000_000n < BigInt(Math.round(share * 1_000_000)) * total;
  const assignments: ModelAssignment[] = [];
  let above = 0n;
  customers.forEach((customer, index) => {
    const previous = assignments[index - 1];
    const tier: Tier =
      customer.revenue <= 0n || total <= 0n
        ? 'C'
        : previous && previous.revenue === customer.revenue
          ? previous.tier
          : below(above, rule.aBeforeShare)
            ? 'A'
            : below(above, rule.bBeforeShare)
              ? 'B'
              : 'C';
    assignments.push({
      customerId: customer.customerId,
      revenue: customer.revenue,
      tier,
      before: total > 0n ? Number((above * 10n ** 12n) / total) / 1e12 : 1,
      revenueAbove: above,
      rank: index + 1,
    });
    if (customer.revenue > 0n) above += customer.revenue;
  });
  const counts = { A: 0, B: 0, C: 0 };
  assignments.forEach((assignment) => (counts[assignment.tier] += 1));
  return { assignments, total, counts };
}
