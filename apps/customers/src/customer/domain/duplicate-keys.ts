import { createHash } from 'node:crypto';
import { ERASED_TEXT } from '@crm/contracts';

export type DuplicateKind = 'name' | 'phone' | 'email' | 'taxNumber';

export interface IdentifyingFields {
  readonly name?: string | null | undefined;
  readonly phone?: string | null | undefined;
  readonly email?: string | null | undefined;
  readonly taxNumber?: string | null | undefined;
}

/** Legal-form words that do not tell two companies apart. */
const LEGAL_FORMS =
  /\b(co|company|corp|corporation|inc|ltd|limited|llc|gmbh|group)\b|有限责任公司|股份有限公司|有限公司|公司|集团/g;

/**
 * One spelling for values that read the same: compatibility forms folded (NFKC: full-width
 * letters and digits, ligatures) and every invisible character removed (zero-width space and
 * joiners, left-to-right and right-to-left marks, variation selectors...). The HTTP edge already
 * strips some of them; keys are also computed from events recorded before it did, and from the
 * ones it lets through because some scripts need them.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;
const canonical = (value: string): string => value.normalize('NFKC').replace(INVISIBLE, '');

const normalisers: Record<DuplicateKind, (value: string) => string> = {
  name: (value) =>
    value
      .toLowerCase()
      .replace(LEGAL_FORMS, '')
      .replace(/[\s\p{P}\p{S}]+/gu, ''),
  // The last 8 digits: the same line written with or without country and area prefixes.
  phone: (value) => value.replace(/\D/g, '').slice(-8),
  email: (value) => value.trim().toLowerCase(),
  taxNumber: (value) => value.replace(/[\s-]/g, '').toUpperCase(),
};

/**
 * Normalised identifying values, hashed: two customers sharing a key are likely duplicates.
 * Hashes keep phone numbers and e-mail addresses out of the read model that stores the keys.
 */
export function duplicateKeysOf(fields: IdentifyingFields): Partial<Record<DuplicateKind, string>> {
  const keys: Partial<Record<DuplicateKind, string>> = {};
  for (const kind of Object.keys(normalisers) as DuplicateKind[]) {
    const value = fields[kind];
    // An erased value identifies nobody: it must not make all erased customers look alike.
    if (typeof value !== 'string' || value === ERASED_TEXT) continue;
    const normalised = normalisers[kind](canonical(value));
    if (normalised.length < 3) continue;
    keys[kind] = `${kind}:${createHash('sha256').update(normalised).digest('hex').slice(0, 32)}`;
  }
  return keys;
}
