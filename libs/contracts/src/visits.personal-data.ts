import { ERASED_TEXT, type PersonalFieldSpec } from './customers.personal-data';

/**
 * The personal fields of the visits' events: the free text a rep writes about a visit or an
 * opportunity (purpose, outcome, reasons, an opportunity's title), which often names the customer's people. The visits
 * service seals them with a per-customer key and deletes it on CustomerErased; dates, scores,
 * progress codes, stages and amounts stay readable (plans, compliance and the funnel count them).
 */
export const visitPersonalFields: Readonly<Record<string, readonly PersonalFieldSpec[]>> = {
  OpportunityOpened: [{ path: ['title'], erased: ERASED_TEXT }],
  VisitPlanned: [{ path: ['purpose'], erased: ERASED_TEXT }],
  VisitRescheduled: [{ path: ['reason'] }],
  VisitCompleted: [{ path: ['outcome'], erased: ERASED_TEXT }],
  VisitCancelled: [{ path: ['reason'], erased: ERASED_TEXT }],
  OpportunityStageChanged: [{ path: ['reason'] }],
  OpportunityLost: [{ path: ['reason'], erased: ERASED_TEXT }],
};
