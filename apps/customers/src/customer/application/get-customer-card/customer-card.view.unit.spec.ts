import { at, given, registered } from '@apps/customers/test/customer-decider.kit';
import { toCardView } from './customer-card.view';

const profile = {
  address: '浙江省杭州市西湖区文三路 90 号 3 幢 1201 室',
  taxNumber: '330106198801012345',
  website: 'https://wang-xiaoming.example.com/',
  phone: '+86 139 1234 5678',
  city: '杭州',
};

function cardOf(nature: 'individual' | 'ordinary_company', masked: boolean) {
  const state = registered(
    given(
      at('RegisterCustomer', {
        customerId: 'c-1',
        name: '王小明',
        nature,
        region: 'east',
        ownerId: 'rep-1',
        ...profile,
      }),
      at('AddContact', {
        contactId: 'k-1',
        contact: { name: '王大明', title: '父亲 (father)', phone: '13900001111' },
      }),
    ),
  );
  return toCardView(state, 2, {
    thresholds: { keyFrom: 500_000, ordinaryFrom: 100_000 },
    currency: 'CNY',
    masked,
  });
}

describe('the customer card as a masked caller (an analyst) sees it', () => {
  it("masks a person: address, tax number, web site and their contacts' titles too", () => {
    const card = cardOf('individual', true);
    for (const field of ['address', 'taxNumber', 'website', 'phone'] as const)
      expect({ field, value: card[field] }).toEqual({
        field,
        value: expect.stringMatching(/^\*\*\*/),
      });
    expect(JSON.stringify(card)).not.toMatch(
      /文三路|19880101|wang-xiaoming|父亲|王大明|13900001111/,
    );
    // What analysis needs stays: where, and the figures.
    expect(card).toMatchObject({ city: '杭州', nature: 'individual', region: 'east' });
  });

  it("leaves a company's address, tax number, web site and contact titles in clear", () => {
    const card = cardOf('ordinary_company', true);
    expect(card).toMatchObject({
      address: profile.address,
      taxNumber: profile.taxNumber,
      website: profile.website,
      contacts: [
        expect.objectContaining({ title: '父亲 (father)', name: expect.stringMatching(/^\*\*\*/) }),
      ],
    });
    expect(card['phone']).toMatch(/^\*\*\*/);
  });

  it('shows everything to a caller who sees the customer in clear', () => {
    expect(cardOf('individual', false)).toMatchObject({
      ...profile,
      contacts: [expect.objectContaining({ name: '王大明', title: '父亲 (father)' })],
    });
  });
});
