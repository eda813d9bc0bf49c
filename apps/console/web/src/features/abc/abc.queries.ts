import { useQuery } from '@tanstack/react-query';
import { answer, api, type Page } from '@console/shared/api/services';

export const TIERS = ['A', 'B', 'C'] as const;
export type Tier = (typeof TIERS)[number];
type PerTier = Readonly<Record<Tier, number>>;

export interface TierRecomputation {
  readonly asOf: string;
  readonly windowMonths: number;
  readonly customers: number;
  readonly totalRevenue: number;
  readonly counts: PerTier;
  readonly countShares: PerTier;
  readonly revenue: PerTier;
  readonly revenueShares: PerTier;
  readonly skewed: boolean;
  readonly completedAt: string;
}

export interface TierMember {
  readonly customerId: string;
  readonly name: string | null;
  readonly ownerId: string | null;
  readonly tier: Tier;
  readonly since: string | null;
}

export interface TiersView {
  readonly distribution: PerTier;
  readonly latestRecomputation: TierRecomputation | null;
  /** The company currency the revenue figures are in. */
  readonly currency: string;
  /** D3.4: the healthy mix by count (shares) and how far a tier may be from it. */
  readonly healthyMix: { readonly shares: PerTier; readonly tolerance: number };
  readonly members: Page<TierMember>;
}

/** The members the page lists (and exports). */
export const TIERS_QUERY = { limit: 200 } as const;

export const useTiers = () =>
  useQuery({
    queryKey: ['analytics', 'tiers'],
    queryFn: () =>
      answer<TiersView>(api.analytics.GET('/analytics/tiers', { params: { query: TIERS_QUERY } })),
  });
