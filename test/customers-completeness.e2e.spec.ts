import { MongoClient } from 'mongodb';
import {
  eventually,
  organizationFile,
  serviceEnv,
  signToken,
  uniqueSuffix,
  type RunningService,
} from '@crm/testing';
import { startCustomers } from './service-support';

const suffix = uniqueSuffix();
const east = `east-${suffix}`;
const west = `west-${suffix}`;
const repEast = `rep-e-${suffix}`;
const repWest = `rep-w-${suffix}`;
const env = serviceEnv('customers', suffix, {
  ORGANIZATION_FILE: organizationFile(
    [east, west],
    [
      { id: `mgr-e-${suffix}`, roles: ['sales_manager'], region: east },
      { id: `mgr-w-${suffix}`, roles: ['sales_manager'], region: west },
      { id: repEast, name: '李伟', roles: ['sales_rep'], region: east },
      { id: repWest, name: '高云', roles: ['sales_rep'], region: west },
    ],
  ),
});

type Json = Record<string, unknown>;

/**
 * What D1 asks of a card, written out here from docs/domain.md and docs/services/customers.md, not
 * taken from the service: the profile fields, then at least one contact, one with a phone, and a
 * decider among them.
 */
const PROFILE = [
  'industry',
  'city',
  'address',
  'phone',
  'expectedAnnualPurchase',
  'source',
  'personality',
  'valueOrientation',
] as const;
const CHECKS = [...PROFILE, 'contact', 'contactPhone', 'decider'] as const;

interface TypedCard {
  readonly profile: Partial<Record<(typeof PROFILE)[number], unknown>>;
  readonly contacts: readonly { readonly phone?: string; readonly buyingRole?: string }[];
}

const missingOf = (card: TypedCard): string[] =>
  CHECKS.filter((check) => {
    if (check === 'contact') return card.contacts.length === 0;
    if (check === 'contactPhone') return !card.contacts.some((contact) => contact.phone);
    if (check === 'decider') return !card.contacts.some((c) => c.buyingRole === 'decider');
    return card.profile[check] === undefined;
  });

/** A rep's expected figures from the cards the test typed, each card's score being passed ÷ 11. */
const expectedRep = (cards: readonly TypedCard[]) => {
  const missing = cards.map(missingOf);
  const passed = missing.reduce((sum, lacks) => sum + CHECKS.length - lacks.length, 0);
  return {
    cards: cards.length,
    complete: missing.filter((lacks) => lacks.length === 0).length,
    averageScore: Number(((100 * passed) / (cards.length * CHECKS.length)).toFixed(1)),
    missing: Object.fromEntries(
      CHECKS.map((check) => [check, missing.filter((lacks) => lacks.includes(check)).length]),
    ),
  };
};

const fullProfile = (region: string) => ({
  industry: '零售',
  city: '杭州',
  address: '西湖区文三路 90 号',
  phone: `+86 571 ${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
  expectedAnnualPurchase: 650_000,
  source: 'exhibition',
  personality: 'eagle',
  valueOrientation: 'value_for_money',
  region,
});

describe('customers: completeness of each rep’s cards (D1)', () => {
  let service: RunningService;
  let mongo: MongoClient;
  const tokens: Record<string, string> = {};

  const call = async (who: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      body: (text ? JSON.parse(text) : null) as Json,
    };
  };

  const register = async (who: string, card: Json): Promise<string> => {
    const response = await call(who, 'POST', '/customers', {
      name: `杭州联华贸易有限公司 ${uniqueSuffix()}`,
      nature: 'ordinary_company',
      ...card,
    });
    expect(response.status).toBe(201);
    return response.body['customerId'] as string;
  };

  const addContact = async (who: string, customerId: string, contact: Json): Promise<string> => {
    const response = await call(who, 'POST', `/customers/${customerId}/contacts`, contact);
    expect(response.status).toBe(201);
    return response.body['contactId'] as string;
  };

  /** The cards as typed, per rep; E2 gains the contact its merged duplicate carries. */
  const typed: Record<string, TypedCard[]> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    service = await startCustomers(env);
    tokens['repEast'] = await signToken({ sub: repEast, roles: ['sales_rep'] });
    tokens['repWest'] = await signToken({ sub: repWest, roles: ['sales_rep'] });
    tokens['mgrEast'] = await signToken({ sub: `mgr-e-${suffix}`, roles: ['sales_manager'] });
    tokens['mgrWest'] = await signToken({ sub: `mgr-w-${suffix}`, roles: ['sales_manager'] });
    tokens['analyst'] = await signToken({ sub: `analyst-${suffix}`, roles: ['analyst'] });
    tokens['admin'] = await signToken({ sub: `admin-${suffix}`, roles: ['admin'] });
    tokens['agent'] = await signToken({ sub: `agent-${suffix}`, roles: ['service_agent'] });

    const decider = { name: '王芳', phone: '+86 139 1234 5678', buyingRole: 'decider' };
    // East. E1: complete.
    const e1 = fullProfile(east);
    ids['E1'] = await register('repEast', { ...e1, ownerId: repEast });
    await addContact('repEast', ids['E1'], decider);
    // E2: registered bare; its duplicate E4 is merged into it and brings a decider with a phone.
    ids['E2'] = await register('repEast', { region: east, ownerId: repEast });
    // E3: a city later cleared, a buyer later corrected to decider.
    ids['E3'] = await register('repEast', {
      region: east,
      ownerId: repEast,
      industry: '制造业',
      city: '宁波',
      phone: '+86 574 8888 0000',
    });
    const buyer = await addContact('repEast', ids['E3'], {
      name: '李娜',
      phone: '+86 138 0000 1111',
      buyingRole: 'buyer',
    });
    expect((await call('repEast', 'PATCH', `/customers/${ids['E3']}`, { city: null })).status).toBe(
      200,
    );
    expect(
      (
        await call('repEast', 'PATCH', `/customers/${ids['E3']}/contacts/${buyer}`, {
          buyingRole: 'decider',
        })
      ).status,
    ).toBe(200);
    // E4: the duplicate, merged away: it no longer counts.
    ids['E4'] = await register('repEast', { ...fullProfile(east), ownerId: repEast });
    await addContact('repEast', ids['E4'], {
      name: '陈静',
      phone: '+86 137 5555 6666',
      buyingRole: 'decider',
    });
    // E5: full profile, its only contact removed.
    ids['E5'] = await register('repEast', { ...fullProfile(east), ownerId: repEast });
    const leaving = await addContact('repEast', ids['E5'], decider);
    expect(
      (await call('repEast', 'DELETE', `/customers/${ids['E5']}/contacts/${leaving}`)).status,
    ).toBeLessThan(300);
    const merged = await call('mgrEast', 'POST', `/customers/${ids['E4']}/merge`, {
      survivorId: ids['E2'],
    });
    expect(merged.status).toBeLessThan(300);
    typed[repEast] = [
      { profile: e1, contacts: [decider] },
      { profile: {}, contacts: [{ phone: '+86 137 5555 6666', buyingRole: 'decider' }] },
      {
        profile: { industry: '制造业', phone: '+86 574 8888 0000' },
        contacts: [{ phone: '+86 138 0000 1111', buyingRole: 'decider' }],
      },
      { profile: fullProfile(east), contacts: [] },
    ];

    // West. W1: no contact. W2: a decider without phone. W3: erased, nothing left to complete.
    ids['W1'] = await register('repWest', { ...fullProfile(west), ownerId: repWest });
    ids['W2'] = await register('repWest', { region: west, ownerId: repWest, industry: '物流' });
    await addContact('repWest', ids['W2'], { name: '赵强', buyingRole: 'decider' });
    ids['W3'] = await register('repWest', { region: west, ownerId: repWest });
    expect(
      (await call('admin', 'DELETE', `/customers/${ids['W3']}`, { reason: 'data_subject_request' }))
        .status,
    ).toBeLessThan(300);
    typed[repWest] = [
      { profile: fullProfile(west), contacts: [] },
      { profile: { industry: '物流' }, contacts: [{ buyingRole: 'decider' }] },
    ];
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await mongo.db(env.MONGODB_DATABASE).dropDatabase();
    await mongo.close();
  });

  const expectedRow = (repId: string, repName: string, region: string) => ({
    repId,
    repName,
    region,
    ...expectedRep(typed[repId]!),
  });

  it('answers each rep’s cards, complete cards, average score and cards missing each check', async () => {
    // The read model catches up with the last events (the merge, the erasure) asynchronously.
    const expected = [expectedRow(repEast, '李伟', east), expectedRow(repWest, '高云', west)];
    const answer = await eventually(
      async () => {
        const response = await call('admin', 'GET', '/customers/completeness');
        return JSON.stringify(response.body['items']) === JSON.stringify(expected)
          ? response
          : undefined;
      },
      { timeoutMs: 30_000, what: 'the completeness of both reps' },
    ).catch(async (error: unknown) => {
      // The last answer, for the report: which figure differs.
      expect((await call('admin', 'GET', '/customers/completeness')).body['items']).toEqual(
        expected,
      );
      throw error;
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      checks: [...CHECKS],
      items: expected,
      nextCursor: null,
    });
    // The figures written out once, so a wrong helper above cannot hide a wrong answer.
    expect(answer.body['items']).toMatchObject([
      { cards: 4, complete: 1, averageScore: 61.4 },
      { cards: 2, complete: 0, averageScore: 50 },
    ]);
  });

  it('scopes the figures: a rep their own, a manager their region, an analyst every rep', async () => {
    const reps = async (who: string) =>
      ((await call(who, 'GET', '/customers/completeness')).body['items'] as Json[]).map(
        (item) => item['repId'],
      );
    expect(await reps('repEast')).toEqual([repEast]);
    expect(await reps('repWest')).toEqual([repWest]);
    expect(await reps('mgrEast')).toEqual([repEast]);
    expect(await reps('mgrWest')).toEqual([repWest]);
    expect(await reps('analyst')).toEqual([repEast, repWest]);
    const asAnalyst = await call('analyst', 'GET', '/customers/completeness');
    expect(asAnalyst.body['items']).toEqual([
      expectedRow(repEast, '李伟', east),
      expectedRow(repWest, '高云', west),
    ]);
    expect((await call('agent', 'GET', '/customers/completeness')).status).toBe(403);
  });

  it('pages through the reps', async () => {
    const first = await call('admin', 'GET', '/customers/completeness?limit=1');
    expect((first.body['items'] as Json[]).map((item) => item['repId'])).toEqual([repEast]);
    const cursor = first.body['nextCursor'] as string;
    expect(cursor).toEqual(expect.any(String));
    const second = await call('admin', 'GET', `/customers/completeness?limit=1&cursor=${cursor}`);
    expect(second.body).toEqual({
      checks: [...CHECKS],
      items: [expectedRow(repWest, '高云', west)],
      nextCursor: null,
    });
  });

  it('lists a rep’s incomplete cards with what each lacks, page by page, within scope', async () => {
    const first = await call(
      'mgrEast',
      'GET',
      `/customers/completeness/cards?ownerId=${repEast}&limit=2`,
    );
    expect(first.status).toBe(200);
    const second = await call(
      'mgrEast',
      'GET',
      `/customers/completeness/cards?ownerId=${repEast}&limit=2&cursor=${first.body['nextCursor'] as string}`,
    );
    expect(second.body['nextCursor']).toBeNull();
    const cards = [...(first.body['items'] as Json[]), ...(second.body['items'] as Json[])];
    const [, e2, e3, e5] = typed[repEast]!;
    expect(cards).toEqual(
      [
        [ids['E2'], e2!],
        [ids['E3'], e3!],
        [ids['E5'], e5!],
      ].map(([customerId, card]) => ({
        customerId,
        name: expect.stringContaining('杭州联华贸易有限公司'),
        region: east,
        ownerId: repEast,
        score: Math.round((100 * (CHECKS.length - missingOf(card as TypedCard).length)) / 11),
        missing: missingOf(card as TypedCard),
      })),
    );
    expect(cards.map((card) => card['score'])).toEqual([27, 45, 73]);
    // Outside the caller's scope: nothing, as if the rep had no cards.
    for (const [who, owner] of [
      ['mgrWest', repEast],
      ['repEast', repWest],
    ] as const) {
      const other = await call(who, 'GET', `/customers/completeness/cards?ownerId=${owner}`);
      expect(other).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
    }
  });

  it('stores for each card what the card folded from its stream lacks (the read model agrees with the stream)', async () => {
    const listed = new Map<string, Json>();
    for (const owner of [repEast, repWest]) {
      const page = await call('admin', 'GET', `/customers/completeness/cards?ownerId=${owner}`);
      for (const item of page.body['items'] as Json[])
        listed.set(item['customerId'] as string, item);
    }
    for (const key of ['E1', 'E2', 'E3', 'E5', 'W1', 'W2']) {
      const card = (await call('admin', 'GET', `/customers/${ids[key]}`)).body;
      const lacks = missingOf({
        profile: Object.fromEntries(
          PROFILE.flatMap((field) => (card[field] == null ? [] : [[field, card[field]]])),
        ),
        contacts: card['contacts'] as TypedCard['contacts'],
      });
      expect({ key, missing: listed.get(ids[key]!)?.['missing'] ?? [] }).toEqual({
        key,
        missing: lacks,
      });
    }
  });

  it('refuses bad parameters with problem+json naming the field', async () => {
    for (const [path, field] of [
      ['/customers/completeness?limit=0', 'limit'],
      ['/customers/completeness?limit=abc', 'limit'],
      ['/customers/completeness?region=east', 'region'],
      ['/customers/completeness/cards', 'ownerId'],
      ['/customers/completeness/cards?ownerId=x&cursor=not%20a%20cursor', 'cursor'],
    ] as const) {
      const response = await call('admin', 'GET', path);
      expect({ path, status: response.status, type: response.type }).toEqual({
        path,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(response.body['errors']).toEqual(
        expect.arrayContaining([expect.objectContaining({ field })]),
      );
    }
  });
});
