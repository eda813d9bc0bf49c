import type { Filter } from 'mongodb';
import { withinScope } from '@crm/projections';
import type { CustomerCardDocument } from './customer-card.schema';

export interface CardFilter {
  readonly ownerId?: string;
  readonly region?: string;
  readonly tier?: string;
  readonly lifecycle?: string;
  /** Lower-cased prefix of name, code or a contact's name. */
  readonly prefix?: string;
  /** Only cards flagged as likely duplicates of another. */
  readonly flaggedDuplicates?: boolean;
  /** The caller's access scope as a filter (`sliceFilter`): ANDed with the rest. */
  readonly access?: Record<string, unknown>;
}

const escapeRegex = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The cards a listing shows: those matching `filter`, after `cursor` in id order. */
export function listedCards(
  filter: CardFilter,
  cursor: string | undefined,
): Filter<CustomerCardDocument> {
  const { prefix, flaggedDuplicates, access, ...exact } = filter;
  const pattern = prefix === undefined ? undefined : new RegExp(`^${escapeRegex(prefix)}`);
  return withinScope(
    {
      ...exact,
      ...(pattern
        ? { $or: [{ nameKey: pattern }, { codeKey: pattern }, { contactNames: pattern }] }
        : {}),
      ...(flaggedDuplicates ? { hasPossibleDuplicates: true } : {}),
      // A merged duplicate lives on in its survivor: lists show the survivor only.
      mergedInto: null,
      // A card analytics gave a figure before its registration arrived is no card yet.
      name: { $exists: true },
      ...(cursor ? { _id: { $gt: cursor } } : {}),
    },
    access ?? {},
  );
}

/**
 * The cards completeness counts: within the caller's scope, registered, not merged away (the
 * survivor counts) and not erased (nothing is left to complete); `narrower` adds conditions.
 */
export function countedCards(
  access: Record<string, unknown>,
  narrower: Filter<CustomerCardDocument> = {},
): Filter<CustomerCardDocument> {
  return withinScope(
    {
      ...narrower,
      mergedInto: null,
      erasedAt: { $exists: false },
      completeness: { $exists: true },
    },
    access,
  );
}
