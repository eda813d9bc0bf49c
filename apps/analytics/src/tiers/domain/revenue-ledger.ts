/**
 * Revenue per customer over a rolling window, kept incrementally from purchase events
 * (D2: back-dated purchases count on their business date; reversals are negative purchases;
 * a replayed purchase id counts once).
 */
export interface PurchaseFact {
  readonly purchaseId: string;
  readonly customerId: string;
  /** Minor units of the company currency; negative for a reversal. */
  readonly amount: bigint;
  readonly occurredAt: Date;
}

const DAY_MS = 86_400_000;
const dayOf = (date: Date): number => Math.floor(date.getTime() / DAY_MS);

/** The window (from, to] in whole UTC days: the last `months` calendar months up to `asOf`. */
export function windowDays(asOf: Date, months: number): { fromDay: number; toDay: number } {
  const start = new Date(asOf);
  start.setUTCMonth(start.getUTCMonth() - months);
  return { fromDay: dayOf(start), toDay: dayOf(asOf) };
}

export class RevenueLedger {
  /** customer → day → amount */
  private readonly buckets = new Map<string, Map<number, bigint>>();
  private readonly seen = new Set<string>();

  /** Applies a purchase or reversal once; returns false for a purchase id already applied. */
  apply(fact: PurchaseFact): boolean {
    if (this.seen.has(fact.purchaseId)) return false;
    this.seen.add(fact.purchaseId);
    const days = this.buckets.get(fact.customerId) ?? new Map<number, bigint>();
    const day = dayOf(fact.occurredAt);
    days.set(day, (days.get(day) ?? 0n) + fact.amount);
    this.buckets.set(fact.customerId, days);
    return true;
  }

  customers(): string[] {
    return [...this.buckets.keys()];
  }

  /** Revenue of one customer in the window (fromDay, toDay]. */
  revenue(customerId: string, window: { fromDay: number; toDay: number }): bigint {
    let sum = 0n;
    for (const [day, amount] of this.buckets.get(customerId) ?? []) {
      if (day > window.fromDay && day <= window.toDay) sum += amount;
    }
    return sum;
  }
}

/** From scratch: the same figures computed directly from every fact, for checks and rebuilds. */
export function revenueFromScratch(
  facts: readonly PurchaseFact[],
  window: { fromDay: number; toDay: number },
): Map<string, bigint> {
  const unique = new Map(facts.map((fact) => [fact.purchaseId, fact]));
  const revenue = new Map<string, bigint>();
  for (const fact of unique.values()) {
    const day = dayOf(fact.occurredAt);
    const inWindow = day > window.fromDay && day <= window.toDay;
    revenue.set(
      fact.customerId,
      (revenue.get(fact.customerId) ?? 0n) + (inWindow ? fact.amount : 0n),
    );
  }
  return revenue;
}
