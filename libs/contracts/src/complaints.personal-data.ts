import { ERASED_TEXT, type PersonalFieldSpec } from './customers.personal-data';

const requiredText = (...path: string[]): PersonalFieldSpec => ({ path, erased: ERASED_TEXT });
const optionalText = (...path: string[]): PersonalFieldSpec => ({ path });

/**
 * The personal fields of the complaints' events: the customer's own words, the contact person, the
 * customer's comment, and every free text the staff write about the complaint (description, cause
 * analysis, plans, notes, reasons, summary): people write about the customer in them, and no rule
 * can tell a safe sentence from an unsafe one. The complaints service seals them with a
 * per-customer key (its own collection) and deletes that key when the customer is erased
 * (CustomerErased on the customers topic). Codes, deadlines, costs and scores stay readable.
 */
export const complaintPersonalFields: Readonly<Record<string, readonly PersonalFieldSpec[]>> = {
  ComplaintRecorded: [
    requiredText('description'),
    requiredText('customerWords'),
    optionalText('contact'),
  ],
  ComplaintValidated: [optionalText('note')],
  ComplaintRejected: [requiredText('reason')],
  ComplaintAssigned: [requiredText('causeAnalysis')],
  ResolutionProposed: [requiredText('description')],
  ResolutionSentBack: [requiredText('reason')],
  CustomerResponded: [optionalText('comment')],
  ResolutionImplemented: [optionalText('note')],
  AccountabilityRecorded: [requiredText('responsiblePerson'), requiredText('actionTaken')],
  ComplaintClosed: [requiredText('summary')],
  ComplaintReopened: [requiredText('reason')],
};
