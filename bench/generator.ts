/**
 * Realistic data for the bench (and the demo): revenue per customer follows a Pareto curve
 * (a few customers bring most of it, D3's 80/20), purchases spread over the last 12 months.
 * Deterministic for a seed, so runs are comparable.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** Pareto-distributed value with shape alpha (1.16 gives the 80/20 rule) and minimum xm. */
export const pareto = (random: () => number, alpha = 1.16, xm = 1_000): number =>
  xm / (1 - random()) ** (1 / alpha);

export interface GeneratedPurchase {
  readonly purchaseId: string;
  readonly customerId: string;
  readonly amount: number;
  readonly occurredAt: Date;
}

/** Yields `purchasesPerCustomer` purchases (on average) per customer over the year before asOf. */
export function* purchaseHistory(
  customers: number,
  purchasesPerCustomer: number,
  asOf: Date,
  seed = 42,
): Generator<GeneratedPurchase> {
  const random = seededRandom(seed);
  const yearMs = 365 * 86_400_000;
  let purchase = 0;
  for (let customer = 0; customer < customers; customer += 1) {
    const customerId = `c${customer.toString(36).padStart(6, '0')}`;
    const yearly = pareto(random);
    const count = Math.max(1, Math.round(purchasesPerCustomer * 2 * random()));
    for (let index = 0; index < count; index += 1) {
      purchase += 1;
      yield {
        purchaseId: `p${purchase}`,
        customerId,
        amount: Math.round((yearly / count) * 100) / 100,
        occurredAt: new Date(asOf.getTime() - random() * yearMs),
      };
    }
  }
}
