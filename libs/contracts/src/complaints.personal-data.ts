import { ERASED_TEXT, type PersonalFieldSpec } from './customers.personal-data';

/**
 * The personal fields of the complaints' events: the customer's own words, the contact person and
 * the customer's comment on the plan. The complaints service seals them with a per-customer key
 * (its own collection) and deletes that key when the customer is erased (CustomerErased on the
 * customers topic). Descriptions, plans and analyses are the staff's words and stay readable.
 */
export const complaintPersonalFields: Readonly<Record<string, readonly PersonalFieldSpec[]>> = {
  ComplaintRecorded: [{ path: ['customerWords'], erased: ERASED_TEXT }, { path: ['contact'] }],
  CustomerResponded: [{ path: ['comment'] }],
};
