import { useQuery } from '@tanstack/react-query';
import { answer, api, type ApiAnswer } from '@console/shared/api/services';

export const TIERS = ['A', 'B', 'C'] as const;
export type Tier = (typeof TIERS)[number];
/** D3: the tiers' distribution, the latest run's mix against the healthy one, and the members. */
export type TiersView = ApiAnswer<'analytics', '/analytics/tiers'>;
export type TierRecomputation = NonNullable<TiersView['latestRecomputation']>;
export type TierMember = TiersView['members']['items'][number];

/** The members the page lists (and exports). */
export const TIERS_QUERY = { limit: 200 } as const;

export const useTiers = () =>
  useQuery({
    queryKey: ['analytics', 'tiers'],
    queryFn: () =>
      answer(api.analytics.GET('/analytics/tiers', { params: { query: TIERS_QUERY } })),
  });
