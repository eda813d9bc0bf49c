import { Schema } from 'mongoose';
import type { ComplaintState } from '@apps/complaints/src/complaint/domain/complaint.state';

export const COMPLAINT_LIST = 'complaint_list';

/** One document per complaint, for lists and counts. Written only by the topic consumer. */
export interface ComplaintListDocument {
  _id: string;
  customerId: string;
  status: string;
  severity: string;
  category: string;
  department: string | null;
  handlerId: string | null;
  recordedAt: Date;
  /** The earliest unmet, running deadline (null when none or paused): `overdue` is nextDue < now. */
  nextDue: Date | null;
  escalationLevel: number;
  updatedAt: Date;
  /** The folded complaint, so the next event can be applied without reading the stream. */
  state: ComplaintState;
  applied: Record<string, number>;
}

export const complaintListSchema = new Schema<ComplaintListDocument>(
  {
    _id: String,
    customerId: String,
    status: String,
    severity: String,
    category: String,
    department: String,
    handlerId: String,
    recordedAt: Date,
    nextDue: Date,
    escalationLevel: Number,
    updatedAt: Date,
    state: { type: Schema.Types.Mixed },
    applied: { type: Schema.Types.Mixed },
  },
  { collection: COMPLAINT_LIST, versionKey: false, strict: false },
);
// Serve GET /complaints?status=…, ?department=…, ?severity=…, ?customerId=… in id (record) order.
complaintListSchema.index({ status: 1, _id: 1 });
complaintListSchema.index({ department: 1, _id: 1 });
complaintListSchema.index({ severity: 1, _id: 1 });
complaintListSchema.index({ customerId: 1, _id: 1 });
// Serves ?overdue=true.
complaintListSchema.index({ nextDue: 1 });
