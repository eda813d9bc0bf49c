import { complaintPersonalFields } from './complaints.personal-data';
import { customerPersonalFields, type PersonalFieldSpec } from './customers.personal-data';
import { engagementPersonalFields } from './engagement.personal-data';
import type { BoundedContext } from './topics';
import { visitPersonalFields } from './visits.personal-data';

type PersonalFieldsByEvent = Readonly<Record<string, readonly PersonalFieldSpec[]>>;

/** Every context's personal fields (ADR 110), for the documents and checks that span them all. */
export const personalFieldsByContext: Readonly<
  Partial<Record<BoundedContext, PersonalFieldsByEvent>>
> = {
  customers: customerPersonalFields,
  complaints: complaintPersonalFields,
  visits: visitPersonalFields,
  engagement: engagementPersonalFields,
};

/** The personal fields of one event type; none for an event without personal data. */
export const personalFieldsOf = (
  context: BoundedContext,
  name: string,
): readonly PersonalFieldSpec[] => personalFieldsByContext[context]?.[name] ?? [];
