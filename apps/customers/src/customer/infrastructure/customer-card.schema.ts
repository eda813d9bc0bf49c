import { readModelSchema } from '@crm/projections';
import type {
  CardCheck,
  ContactFacts,
  ProfileCheck,
} from '@apps/customers/src/customer/domain/card-completeness';

export const CUSTOMER_CARDS = 'customer_cards';

/** What completeness reads of a card: presence of each checked field, each contact's facts. */
export interface StoredCardFacts {
  readonly filled: Readonly<Record<ProfileCheck, boolean>>;
  readonly contacts: Readonly<Record<string, ContactFacts>>;
}

/** The card's completeness (D1), recomputed by the projection whenever what it checks changes. */
export interface StoredCompleteness {
  readonly passed: number;
  readonly score: number;
  readonly complete: boolean;
  /** In the order of `CARD_CHECKS`: cards lacking the same checks store the same array. */
  readonly missing: CardCheck[];
}

export interface CompletenessFields {
  readonly cardFacts: StoredCardFacts;
  readonly completeness: StoredCompleteness;
}

/**
 * The customers service's own read model for lists and search: one document per customer.
 * Personal data stays out of it (the card itself is read from the stream), except contact names
 * lower-cased for search.
 */
export interface CustomerCardDocument {
  _id: string;
  name: string;
  /** Lower-cased name: prefix search on `q`. */
  nameKey: string;
  code?: string;
  codeKey?: string;
  nature: string;
  region: string;
  city?: string;
  ownerId: string;
  keyAccountManagerId?: string;
  transactionStage?: string;
  fundBand?: string;
  isKeyAccount?: boolean;
  /** Computed elsewhere (analytics); null until known. */
  tier?: string | null;
  lifecycle?: string | null;
  /** D6, as analytics last published it. */
  csi?: number | null;
  /** contactId → lower-cased name, and the same names as an array for the multikey index. */
  contactNameById?: Record<string, string>;
  contactNames?: string[];
  /** Hashed normalised name/phone/e-mail/tax number (see duplicate-keys.ts), by kind and as a list. */
  dupKeyByKind?: Record<string, string>;
  dupKeys?: string[];
  /** Earlier cards sharing a duplicate key with this one, for review. */
  possibleDuplicateOf?: string[];
  hasPossibleDuplicates?: boolean;
  /** Customers a reviewer decided are not duplicates of this one (PossibleDuplicateDismissed). */
  dismissedDuplicates?: string[];
  /** The survivor, once this customer was merged into it (then it is left out of lists). */
  mergedInto?: string | null;
  /** When its personal data was erased (name "[erased]", no contact names, no duplicate keys). */
  erasedAt?: Date;
  /** D1 completeness: what it reads of the card (no values) and the result. */
  cardFacts?: StoredCardFacts;
  completeness?: StoredCompleteness;
  registeredAt: Date;
  updatedAt: Date;
  /** Last event version applied per stream (see applyOnce). */
  applied: Record<string, number>;
}

export const customerCardSchema = readModelSchema<CustomerCardDocument>(CUSTOMER_CARDS);
// GET /customers?owner=… (a rep's own list: every rep query carries ownerId).
customerCardSchema.index({ ownerId: 1, _id: 1 });
// GET /customers?region=… (a manager's list).
customerCardSchema.index({ region: 1, _id: 1 });
// GET /customers?tier=…&owner=… and ?tier=… (A customers first in visit planning).
customerCardSchema.index({ tier: 1, ownerId: 1, _id: 1 });
// GET /customers?lifecycle=… (dormant customers to reactivate).
customerCardSchema.index({ lifecycle: 1, _id: 1 });
// GET /customers?q=… prefix search on name, code and contact names.
customerCardSchema.index({ nameKey: 1 });
customerCardSchema.index({ codeKey: 1 });
customerCardSchema.index({ contactNames: 1 });
// Duplicate detection at registration and GET /customers/:id/duplicates; the review list.
customerCardSchema.index({ dupKeys: 1 });
customerCardSchema.index({ hasPossibleDuplicates: 1, _id: 1 });
