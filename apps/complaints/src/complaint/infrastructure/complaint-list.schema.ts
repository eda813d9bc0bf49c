import { indexListFilters, readModelSchema } from '@crm/projections';
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

export const complaintListSchema = readModelSchema<ComplaintListDocument>(COMPLAINT_LIST);
// Serve GET /complaints?status=…, ?department=…, ?severity=…, ?customerId=… in id (record) order.
indexListFilters(complaintListSchema, ['status', 'department', 'severity', 'customerId']);
// Serves ?overdue=true.
complaintListSchema.index({ nextDue: 1 });
