import { Schema } from 'mongoose';

export const CUSTOMER_CARDS = 'customer_cards';

/** The customers service's own read model: one document per customer (the profile card). */
export interface CustomerCardDocument {
  _id: string;
  name: string;
  nature: string;
  region: string;
  ownerId: string;
  registeredAt: Date;
  updatedAt: Date;
  /** Last event version applied per stream (see applyOnce). */
  applied: Record<string, number>;
}

export const customerCardSchema = new Schema<CustomerCardDocument>(
  {
    _id: String,
    name: String,
    nature: String,
    region: String,
    ownerId: String,
    registeredAt: Date,
    updatedAt: Date,
    applied: { type: Schema.Types.Mixed },
  },
  { collection: CUSTOMER_CARDS, versionKey: false, strict: false },
);
// Serves GET /customers?owner=… and ?region=… (issue 3 adds tier and lifecycle).
customerCardSchema.index({ ownerId: 1, _id: 1 });
customerCardSchema.index({ region: 1, _id: 1 });
