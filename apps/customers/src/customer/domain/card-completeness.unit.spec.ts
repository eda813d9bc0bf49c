import {
  addCard,
  addCards,
  CARD_CHECKS,
  cardFactsOf,
  completenessOf,
  noTotals,
  repCompleteness,
  type CardCheck,
} from './card-completeness';

/** A card with every field D1 lists filled in, and a decider reachable by phone. */
const fullProfile = {
  industry: '零售',
  city: '杭州',
  address: '西湖区文三路 90 号',
  phone: '+86 571 8888 0000',
  expectedAnnualPurchase: 250_000,
  source: 'exhibition',
  personality: 'eagle',
  valueOrientation: 'value_for_money',
};
const decider = { name: '王芳', phone: '+86 139 1234 5678', buyingRole: 'decider' };

const without = (...fields: (keyof typeof fullProfile)[]) =>
  Object.fromEntries(
    Object.entries(fullProfile).filter(([field]) => !fields.includes(field as never)),
  );

describe('card completeness (D1)', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>[], CardCheck[], number]>([
    ['a full card', fullProfile, [decider], [], 100],
    ['a card as registered: name, nature, region and owner only', {}, [], [...CARD_CHECKS], 0],
    ['no contact at all', fullProfile, [], ['contact', 'contactPhone', 'decider'], 73],
    [
      'a contact without phone or buying role',
      fullProfile,
      [{ name: '李娜' }],
      ['contactPhone', 'decider'],
      82,
    ],
    [
      'the decider has no phone but the buyer has one',
      fullProfile,
      [
        { name: '王芳', buyingRole: 'decider' },
        { name: '李娜', phone: '+86 139 0000 1111', buyingRole: 'buyer' },
      ],
      [],
      100,
    ],
    [
      'an influencer is no decider',
      fullProfile,
      [{ ...decider, buyingRole: 'influencer' }],
      ['decider'],
      91,
    ],
    [
      'no industry nor address',
      without('industry', 'address'),
      [decider],
      ['industry', 'address'],
      82,
    ],
    [
      'no relationship facts',
      without('source', 'personality', 'valueOrientation'),
      [decider],
      ['source', 'personality', 'valueOrientation'],
      73,
    ],
    [
      'an expected purchase of 0 is filled in',
      { ...fullProfile, expectedAnnualPurchase: 0 },
      [decider],
      [],
      100,
    ],
    ['a blank city is empty', { ...fullProfile, city: '  ' }, [decider], ['city'], 91],
  ])('%s', (_, profile, contacts, missing, score) => {
    const result = completenessOf(cardFactsOf(profile, contacts));
    expect(result).toEqual({
      missing,
      passed: CARD_CHECKS.length - missing.length,
      score,
      complete: missing.length === 0,
    });
  });

  it('lists the missing checks in the order of the card', () => {
    const { missing } = completenessOf(cardFactsOf(without('valueOrientation', 'industry'), []));
    expect(missing).toEqual(['industry', 'valueOrientation', 'contact', 'contactPhone', 'decider']);
  });

  it('adds up a rep: cards, complete cards, the mean of the exact scores, and cards missing each check', () => {
    const cards = [
      completenessOf(cardFactsOf(fullProfile, [decider])), // 11 of 11
      completenessOf(cardFactsOf(without('city'), [decider])), // 10 of 11
      completenessOf(cardFactsOf({}, [])), // 0 of 11
    ];
    const rep = repCompleteness(cards.reduce((sum, card) => addCard(sum, card), noTotals()));
    expect(rep.cards).toBe(3);
    expect(rep.complete).toBe(1);
    // (11 + 10 + 0) ÷ 33 = 63.636… %: the mean of the exact scores, not of the rounded ones (64.0).
    expect(rep.averageScore).toBe(63.6);
    expect(rep.missing).toEqual({
      industry: 1,
      city: 2,
      address: 1,
      phone: 1,
      expectedAnnualPurchase: 1,
      source: 1,
      personality: 1,
      valueOrientation: 1,
      contact: 1,
      contactPhone: 1,
      decider: 1,
    });
  });

  it('adds cards of the same completeness at once as it adds them one by one', () => {
    const contact: { phone?: string } = {};
    const card = completenessOf(cardFactsOf(without('phone', 'source'), [contact]));
    const oneByOne = [card, card, card].reduce((sum, each) => addCard(sum, each), noTotals());
    expect(addCards(noTotals(), card, 3)).toEqual(oneByOne);
    expect(oneByOne).toMatchObject({ cards: 3, complete: 0, passed: 21 });
  });

  it('gives a rep without cards no score', () => {
    expect(repCompleteness(noTotals())).toMatchObject({ cards: 0, complete: 0, averageScore: 0 });
  });
});
