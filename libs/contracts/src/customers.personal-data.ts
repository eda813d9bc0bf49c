/**
 * The personal fields of the customers' events, in one place: the customers service encrypts
 * them with the customer's data key when it appends (crypto-shredding, ADR 11), and after
 * CustomerErased they read as `erased`: a placeholder for required fields (the payload still
 * matches its public schema), absent for optional ones. Consumers that keep any of these fields
 * must drop them on CustomerErased.
 */
export interface PersonalFieldSpec {
  readonly path: readonly string[];
  /** What the field reads as after erasure; undefined: the field is absent. */
  readonly erased?: unknown;
}

/** What a required personal text field reads as once erased. */
export const ERASED_TEXT = '[erased]';

const profileFields = ['address', 'phone', 'email', 'website', 'taxNumber'] as const;
const contactFields = ['title', 'phone', 'email', 'wechat', 'birthday', 'anniversaries'] as const;

const under = (parent: readonly string[], names: readonly string[]): PersonalFieldSpec[] =>
  names.map((name) => ({ path: [...parent, name] }));

export const customerPersonalFields: Readonly<Record<string, readonly PersonalFieldSpec[]>> = {
  CustomerRegistered: [{ path: ['name'], erased: ERASED_TEXT }, ...under([], profileFields)],
  CustomerProfileUpdated: [
    { path: ['changes', 'name'], erased: ERASED_TEXT },
    ...under(['changes'], profileFields),
  ],
  ContactAdded: [
    { path: ['contact', 'name'], erased: ERASED_TEXT },
    ...under(['contact'], contactFields),
  ],
  ContactUpdated: [
    { path: ['changes', 'name'], erased: ERASED_TEXT },
    ...under(['changes'], contactFields),
  ],
  CustomerMerged: [{ path: ['carried', 'contacts'], erased: [] }],
  SurveyAnswered: [{ path: ['comment'] }],
};
