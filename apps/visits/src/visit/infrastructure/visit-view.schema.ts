import { indexListFilters, readModelSchema } from '@crm/projections';

export const VISIT_VIEWS = 'visit_views';

/** One document per visit, for lists and monthly plans; written only by its projection. */
export interface VisitViewDocument {
  _id: string;
  customerId: string;
  repId: string;
  region: string;
  plannedDate: string;
  month: string;
  timeZone: string;
  channel: string;
  purpose: string;
  status: 'planned' | 'completed' | 'cancelled' | 'missed';
  opportunityId?: string;
  outcome?: string;
  feedbackScore?: number;
  progress?: string[];
  updatedAt: Date;
  applied: Record<string, number>;
}

export const visitViewSchema = readModelSchema<VisitViewDocument>(VISIT_VIEWS);
// GET /visit-plans/:month (the month's visits of a set of customers).
visitViewSchema.index({ month: 1, customerId: 1 });
// GET /visits filtered by customer, rep or region, in id order (the cursor).
indexListFilters(visitViewSchema, ['customerId', 'repId', 'region']);
