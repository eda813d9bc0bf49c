import { Schema } from 'mongoose';

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

export const visitViewSchema = new Schema<VisitViewDocument>(
  {
    _id: String,
    customerId: String,
    repId: String,
    region: String,
    plannedDate: String,
    month: String,
    timeZone: String,
    channel: String,
    purpose: String,
    status: String,
    updatedAt: Date,
    applied: Schema.Types.Mixed,
  },
  { collection: VISIT_VIEWS, versionKey: false, strict: false },
);
// GET /visit-plans/:month (the month's visits of a set of customers).
visitViewSchema.index({ month: 1, customerId: 1 });
// GET /visits filtered by customer, rep or region, in id order (the cursor).
visitViewSchema.index({ customerId: 1, _id: 1 });
visitViewSchema.index({ repId: 1, _id: 1 });
visitViewSchema.index({ region: 1, _id: 1 });
