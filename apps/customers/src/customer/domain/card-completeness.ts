/**
 * D1: the customer card is the first step of the work. A visit cannot be routed without a city,
 * a proposal cannot reach the decider nobody recorded, a rep cannot call a contact without a phone.
 * Completeness is how much of what the later steps need the card holds, check by check.
 *
 * Name, nature, region and the owning rep are required when a card is registered, so no card lacks
 * them: they are not checks. Every check below is a field D1 lists that may be left empty.
 */
/** The profile fields a check asks to be filled in. */
export const PROFILE_CHECKS = [
  /** Identity: the line of business, where the customer sits and how to reach it. */
  'industry',
  'city',
  'address',
  'phone',
  /** The expected yearly purchases, which give the fund-size band. */
  'expectedAnnualPurchase',
  /** Relationship facts: how the customer came to us, the main contact's personality and values. */
  'source',
  'personality',
  'valueOrientation',
] as const;

export const CARD_CHECKS = [
  ...PROFILE_CHECKS,
  /** Contacts: at least one person, one reachable by phone, and who decides in the buying centre. */
  'contact',
  'contactPhone',
  'decider',
] as const;

export type CardCheck = (typeof CARD_CHECKS)[number];

export type ProfileCheck = (typeof PROFILE_CHECKS)[number];

/** What the checks look at in a contact: whether it has a phone, and its buying role. */
export interface ContactFacts {
  readonly phone: boolean;
  readonly buyingRole: string | null;
}

/**
 * What completeness reads of a card: which profile fields are filled in and the facts of each
 * contact. Presence only, never a value: the read model that keeps these holds no personal data.
 */
export interface CardFacts {
  readonly filled: Readonly<Record<ProfileCheck, boolean>>;
  readonly contacts: readonly ContactFacts[];
}

export interface CardCompleteness {
  /** Checks passed, out of `CARD_CHECKS.length`. */
  readonly passed: number;
  /** Passed ÷ checks, as a whole percentage (0–100). */
  readonly score: number;
  readonly complete: boolean;
  /** The checks it fails, in the order of `CARD_CHECKS`. */
  readonly missing: readonly CardCheck[];
}

const passes = (check: CardCheck, card: CardFacts): boolean => {
  switch (check) {
    case 'contact':
      return card.contacts.length > 0;
    case 'contactPhone':
      return card.contacts.some((contact) => contact.phone);
    case 'decider':
      return card.contacts.some((contact) => contact.buyingRole === 'decider');
    default:
      return card.filled[check];
  }
};

/** One card: which checks it fails and its score. */
export function completenessOf(card: CardFacts): CardCompleteness {
  return cardWithMissing(CARD_CHECKS.filter((check) => !passes(check, card)));
}

/** A card's completeness from the checks it fails alone. */
export function cardWithMissing(missing: readonly CardCheck[]): CardCompleteness {
  const failed = CARD_CHECKS.filter((check) => missing.includes(check));
  const passed = CARD_CHECKS.length - failed.length;
  return {
    passed,
    score: Math.round((100 * passed) / CARD_CHECKS.length),
    complete: failed.length === 0,
    missing: failed,
  };
}

/** The facts of a card as it is typed in: a field counts when it holds a value. */
export function cardFactsOf(
  profile: Readonly<Partial<Record<ProfileCheck, unknown>>>,
  contacts: readonly {
    readonly phone?: string | undefined;
    readonly buyingRole?: string | undefined;
  }[],
): CardFacts {
  const filled = Object.fromEntries(
    PROFILE_CHECKS.map((field) => [field, isFilled(profile[field])]),
  ) as Record<ProfileCheck, boolean>;
  return {
    filled,
    contacts: contacts.map((contact) => ({
      phone: isFilled(contact.phone),
      buyingRole: contact.buyingRole ?? null,
    })),
  };
}

const isFilled = (value: unknown): boolean =>
  value !== undefined && value !== null && (typeof value !== 'string' || value.trim() !== '');

/** The sums over one rep's cards: what a database adds up, and all a rep's figures need. */
export interface CompletenessTotals {
  readonly cards: number;
  readonly complete: number;
  /** Checks passed over all the cards. */
  readonly passed: number;
  /** Cards failing each check. */
  readonly missing: Readonly<Record<CardCheck, number>>;
}

export interface RepCompleteness {
  readonly cards: number;
  readonly complete: number;
  /** The mean of the cards' exact scores (passed ÷ checks), a percentage to one decimal; 0 without cards. */
  readonly averageScore: number;
  readonly missing: Readonly<Record<CardCheck, number>>;
}

export const noTotals = (): CompletenessTotals => ({
  cards: 0,
  complete: 0,
  passed: 0,
  missing: Object.fromEntries(CARD_CHECKS.map((check) => [check, 0])) as Record<CardCheck, number>,
});

/** Adds one card to a rep's sums. */
export const addCard = (totals: CompletenessTotals, card: CardCompleteness): CompletenessTotals =>
  addCards(totals, card, 1);

/** Adds `count` cards of the same completeness to a rep's sums. */
export function addCards(
  totals: CompletenessTotals,
  card: CardCompleteness,
  count: number,
): CompletenessTotals {
  const missing = { ...totals.missing };
  for (const check of card.missing) missing[check] += count;
  return {
    cards: totals.cards + count,
    complete: totals.complete + (card.complete ? count : 0),
    passed: totals.passed + card.passed * count,
    missing,
  };
}

/** A rep's figures from the sums over their cards. */
export function repCompleteness(totals: CompletenessTotals): RepCompleteness {
  const averageScore =
    totals.cards === 0
      ? 0
      : Math.round((1000 * totals.passed) / (totals.cards * CARD_CHECKS.length)) / 10;
  return {
    cards: totals.cards,
    complete: totals.complete,
    averageScore,
    missing: totals.missing,
  };
}
