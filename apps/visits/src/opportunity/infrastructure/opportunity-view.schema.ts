import { indexListFilters, readModelSchema } from '@crm/projections';

export const OPPORTUNITY_VIEWS = 'opportunity_views';

/** One document per opportunity, for lists; written only by its projection. */
export interface OpportunityViewDocument {
  _id: string;
  customerId: string;
  ownerId: string;
  region: string;
  title: string;
  /** Minor units of `currency`, BSON int64 (ADR 133): read with `useBigInt64`, never as a number. */
  amountMinor?: bigint;
  /** Before ADR 133: major units as a number (documents not rewritten since). */
  amount?: number;
  currency: string;
  expectedCloseDate: string;
  status: 'open' | 'won' | 'lost';
  stage: string;
  winRate: number;
  updatedAt: Date;
  applied: Record<string, number>;
}

export const opportunityViewSchema = readModelSchema<OpportunityViewDocument>(OPPORTUNITY_VIEWS);
// GET /opportunities filtered by customer, owner or region, in id order (the cursor).
indexListFilters(opportunityViewSchema, ['customerId', 'ownerId', 'region']);
