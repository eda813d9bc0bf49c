import { MongoClient } from 'mongodb';
import {
  eventually,
  serviceEnv,
  signToken,
  uniqueSuffix,
  callersOf,
  undocumentedIn,
  type RunningService,
  organizationFile,
  UpstreamFeed,
  expectRebuildEqualsLive,
} from '@crm/testing';
import { Topics } from '@crm/contracts';

import { expectProblem, startCustomers } from './service-support';

const suffix = uniqueSuffix();
const region = `east-${suffix}`;
// This suite's own regions: its lists by region see only its customers.
// Its people: the directory says who may hand over whose customers.
const env = serviceEnv('customers', suffix, {
  ORGANIZATION_FILE: organizationFile(
    [region, `west-${suffix}`],
    [
      { id: `mgr-${suffix}`, roles: ['sales_manager'], region },
      { id: `rep-leaving-${suffix}`, roles: ['sales_rep'], region, supervisor: `mgr-${suffix}` },
      { id: `rep-taking-${suffix}`, roles: ['sales_rep'], region, supervisor: `mgr-${suffix}` },
      { id: `rep-west-${suffix}`, roles: ['sales_rep'], region: `west-${suffix}` },
    ],
  ),
});

type Json = Record<string, unknown>;

const READ_MODEL_TIMEOUT_MS = 20_000;

describe('customers: the profile card (D1), access control and audit', () => {
  let service: RunningService;
  let mongo: MongoClient;
  const tokens: Record<string, string> = {};
  const repA = `rep-a-${suffix}`;
  const repB = `rep-b-${suffix}`;

  const call = callersOf(() => service.url, tokens);

  const fullCard = () => ({
    name: `Hangzhou Lianhua Trading ${uniqueSuffix()}`,
    code: `HZ-${uniqueSuffix()}`,
    nature: 'ordinary_company',
    industry: 'retail',
    region,
    city: 'Hangzhou',
    address: '88 Wensan Road, Xihu District',
    // Unique per card: duplicate detection must only match what a test means to match.
    phone: `+86 571 ${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
    email: `purchasing-${uniqueSuffix()}@lianhua.example.com`,
    website: 'https://lianhua.example.com',
    taxNumber: `9133${uniqueSuffix().toUpperCase()}XYZ`,
    ownerId: repA,
    source: 'exhibition',
    personality: 'eagle',
    valueOrientation: 'value_for_money',
    expectedAnnualPurchase: 650_000,
    transactionStage: 'will_transact',
  });

  const fullContact = () => ({
    name: 'Wang Li',
    title: 'Purchasing director',
    phone: '+86 138 0000 1234',
    email: 'wang.li@lianhua.example.com',
    wechat: 'wangli_hz',
    birthday: '1980-05-17',
    anniversaries: [{ label: 'joined the company', date: '2010-09-01' }],
    timeZone: 'Asia/Shanghai',
    buyingRole: 'gatekeeper',
    buyingRoleFocus: 'financial',
    optedOut: false,
  });

  const register = async (card: Json = fullCard(), who = 'repA') => {
    const response = await call(who, 'POST', '/customers', card);
    expect(response.status).toBe(201);
    return response.body['customerId'] as string;
  };

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    service = await startCustomers(env);
    tokens['repA'] = await signToken({ sub: repA, roles: ['sales_rep'] });
    tokens['repB'] = await signToken({ sub: repB, roles: ['sales_rep'] });
    tokens['manager'] = await signToken({ sub: `mgr-${suffix}`, roles: ['sales_manager'], region });
    tokens['otherManager'] = await signToken({
      sub: `mgr2-${suffix}`,
      roles: ['sales_manager'],
      region: `west-${suffix}`,
    });
    tokens['analyst'] = await signToken({ sub: `analyst-${suffix}`, roles: ['analyst'] });
    tokens['admin'] = await signToken({ sub: `admin-${suffix}`, roles: ['admin'] });
    tokens['repTaking'] = await signToken({ sub: `rep-taking-${suffix}`, roles: ['sales_rep'] });
  });

  afterAll(async () => {
    await service?.stop();
    await mongo.db(env.MONGODB_DATABASE).dropDatabase();
    await mongo.close();
  });

  describe('acceptance 1: every field round-trips, every bad value is named, unknown fields are refused', () => {
    it('registers a full card, adds a full contact, and reads every field back with computed figures', async () => {
      const card = fullCard();
      const customerId = await register(card);
      const contact = fullContact();
      const added = await call('repA', 'POST', `/customers/${customerId}/contacts`, contact);
      expect(added.status).toBe(201);
      expect(added.headers.get('etag')).toBe('"2"');

      const read = await call('repA', 'GET', `/customers/${customerId}`);
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe('"2"');
      expect(read.body).toMatchObject({
        ...card,
        customerId,
        contacts: [{ contactId: added.body['contactId'], ...contact }],
        fundBand: 'key',
        tier: null,
        csi: null,
        lifecycle: null,
        pointsBalance: 0,
        revenue: { amount: 0, currency: 'CNY' },
        keyAccount: null,
        version: 2,
      });
      // The full card and the contact's answer are as the OpenAPI document describes them.
      expect(await undocumentedIn(service.url, 'GET', '/customers/{id}', read)).toEqual([]);
      expect(await undocumentedIn(service.url, 'POST', '/customers/{id}/contacts', added)).toEqual(
        [],
      );
    });

    it('changes and clears every field with PATCH, and contact fields with PATCH …/contacts/:id', async () => {
      const customerId = await register();
      const { body } = await call(
        'repA',
        'POST',
        `/customers/${customerId}/contacts`,
        fullContact(),
      );
      const contactId = body['contactId'] as string;
      const changes = {
        name: 'Lianhua Group',
        code: 'LH-2',
        nature: 'business_partner',
        industry: null,
        city: 'Ningbo',
        address: null,
        phone: '+86 574 1234 5678',
        email: null,
        website: 'http://lianhua.example.org',
        taxNumber: null,
        source: 'referral',
        personality: 'donkey',
        valueOrientation: 'time_efficiency',
        expectedAnnualPurchase: 120_000,
        transactionStage: 'transacted',
      };
      const patched = await call('repA', 'PATCH', `/customers/${customerId}`, changes, {
        'if-match': '"2"',
      });
      expect(patched.status).toBe(200);
      expect(patched.headers.get('etag')).toBe('"3"');
      const contactPatch = await call(
        'repA',
        'PATCH',
        `/customers/${customerId}/contacts/${contactId}`,
        {
          name: 'Wang Lihua',
          title: null,
          wechat: null,
          buyingRole: 'decider',
          buyingRoleFocus: null,
          timeZone: 'Europe/Berlin',
          optedOut: true,
          anniversaries: [],
        },
      );
      expect(contactPatch.status).toBe(200);
      const read = await call('repA', 'GET', `/customers/${customerId}`);
      expect(read.body).toMatchObject({
        name: 'Lianhua Group',
        code: 'LH-2',
        nature: 'business_partner',
        city: 'Ningbo',
        phone: '+86 574 1234 5678',
        website: 'http://lianhua.example.org',
        source: 'referral',
        personality: 'donkey',
        valueOrientation: 'time_efficiency',
        expectedAnnualPurchase: 120_000,
        fundBand: 'ordinary',
        transactionStage: 'transacted',
        version: 4,
      });
      for (const cleared of ['industry', 'address', 'email', 'taxNumber'])
        expect(read.body).not.toHaveProperty(cleared);
      const [readContact] = read.body['contacts'] as Json[];
      expect(readContact).toEqual({
        contactId,
        name: 'Wang Lihua',
        phone: '+86 138 0000 1234',
        email: 'wang.li@lianhua.example.com',
        birthday: '1980-05-17',
        anniversaries: [],
        timeZone: 'Europe/Berlin',
        buyingRole: 'decider',
        optedOut: true,
      });
      const removed = await call(
        'repA',
        'DELETE',
        `/customers/${customerId}/contacts/${contactId}`,
      );
      expect(removed.status).toBe(200);
      expect((await call('repA', 'GET', `/customers/${customerId}`)).body['contacts']).toEqual([]);
      expect(
        (await call('repA', 'DELETE', `/customers/${customerId}/contacts/${contactId}`)).body,
      ).toMatchObject({
        status: 404,
        type: 'urn:crm:problem:contact-not-found',
      });
    });

    const badCard: [string, unknown][] = [
      ['name', ''],
      ['code', 'no spaces allowed'],
      ['nature', 'pirate'],
      ['industry', 42],
      ['region', ''],
      ['city', 'x'.repeat(101)],
      ['address', ['street']],
      ['phone', 'call me'],
      ['email', 'not-an-email'],
      ['website', 'ftp://lianhua.example.com'],
      ['taxNumber', 'lower-case'],
      ['ownerId', ''],
      ['keyAccountManagerId', 7],
      ['source', 'cold_call'],
      ['personality', 'lion'],
      ['valueOrientation', 'cheap'],
      ['expectedAnnualPurchase', -1],
      ['transactionStage', 'done'],
      ['tier', 'A'],
      ['csi', 99],
      ['lifecycle', 'active'],
      ['pointsBalance', 1000],
      ['fundBand', 'key'],
      ['favouriteColour', 'red'],
    ];

    it.each(badCard)('POST /customers with a bad %s is a 400 naming it', async (field, value) => {
      const response = await call('repA', 'POST', '/customers', { ...fullCard(), [field]: value });
      expectProblem(response, 400);
      expect((response.body['errors'] as { field: string }[]).map((e) => e.field)).toEqual([field]);
    });

    it('names every bad field of one PATCH at once, computed and unknown fields included', async () => {
      const customerId = await register();
      const response = await call('repA', 'PATCH', `/customers/${customerId}`, {
        phone: 'x',
        website: 'nope',
        tier: 'A',
        lifecycle: 'active',
        revenue: 5,
        colour: 'red',
        expectedAnnualPurchase: 'a lot',
      });
      expect(response.status).toBe(400);
      const fields = (response.body['errors'] as { field: string; message: string }[])
        .map((e) => e.field)
        .sort();
      expect(fields).toEqual([
        'colour',
        'expectedAnnualPurchase',
        'lifecycle',
        'phone',
        'revenue',
        'tier',
        'website',
      ]);
      expect(response.body['errors']).toContainEqual({
        field: 'tier',
        message: 'is computed by the system and cannot be written',
      });
    });

    const badContact: [string, unknown][] = [
      ['name', ''],
      ['title', 5],
      ['phone', 'abc'],
      ['email', 'x@'],
      ['wechat', '1abc'],
      ['birthday', '2999-01-01'],
      ['anniversaries', [{ label: 'x', date: '17 May' }]],
      ['timeZone', 'Mars/Olympus'],
      ['buyingRole', 'boss'],
      ['buyingRoleFocus', 'emotional'],
      ['optedOut', 'yes'],
      ['contactId', 'mine'],
    ];

    it.each(badContact)(
      'POST …/contacts with a bad %s is a 400 naming it',
      async (field, value) => {
        const customerId = await register();
        const response = await call('repA', 'POST', `/customers/${customerId}/contacts`, {
          ...fullContact(),
          [field]: value,
        });
        expect(response.status).toBe(400);
        const fields = (response.body['errors'] as { field: string }[]).map(
          (e) => e.field.split('.')[0],
        );
        expect(fields).toContain(field);
      },
    );
  });

  describe('acceptance 6 (first half): optimistic concurrency with If-Match', () => {
    it('answers a stale If-Match with 412 and the current version; of two concurrent PATCHes on one version, one wins', async () => {
      const customerId = await register();
      const stale = await call(
        'repA',
        'PATCH',
        `/customers/${customerId}`,
        { city: 'Suzhou' },
        { 'if-match': '"7"' },
      );
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ status: 412, currentVersion: 1 });

      const results = await Promise.all(
        ['Suzhou', 'Wuxi', 'Nanjing'].map((city) =>
          call('repA', 'PATCH', `/customers/${customerId}`, { city }, { 'if-match': '"1"' }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412]);
      const read = await call('repA', 'GET', `/customers/${customerId}`);
      expect(read.body['version']).toBe(2);
      const winner = results.find((r) => r.status === 200)!;
      expect(winner.headers.get('etag')).toBe('"2"');
    });
  });

  describe('acceptance 3: who sees what; every full-card read is audited', () => {
    it('a rep cannot read, list or change another rep’s customer, and nothing of it leaks', async () => {
      const name = `Secret Customer ${uniqueSuffix()}`;
      const customerId = await register({ ...fullCard(), name });
      const attempts = [
        await call('repB', 'GET', `/customers/${customerId}`),
        await call('repB', 'PATCH', `/customers/${customerId}`, { city: 'Xi’an' }),
        await call('repB', 'POST', `/customers/${customerId}/contacts`, fullContact()),
        await call('repB', 'POST', `/customers/${customerId}/purchases`, {
          amount: 100,
          currency: 'CNY',
          occurredAt: '2026-01-01T00:00:00Z',
          productLine: 'pumps',
          sourceSystem: 'erp',
          orderReference: `SO-${uniqueSuffix()}`,
        }),
        await call('repB', 'POST', `/customers/${customerId}/points/redeem`, {
          points: 1,
          voucher: 'v',
        }),
        await call('otherManager', 'GET', `/customers/${customerId}`),
      ];
      for (const attempt of attempts) {
        expect(attempt.status).toBe(404);
        expect(JSON.stringify(attempt.body)).not.toContain(name);
      }
      // A rep may not hand a customer to someone else, even their own.
      expect(
        (await call('repA', 'PATCH', `/customers/${customerId}`, { ownerId: repB })).status,
      ).toBe(403);
      // An analyst reads but never changes.
      expect(
        (await call('analyst', 'PATCH', `/customers/${customerId}`, { city: 'x' })).status,
      ).toBe(403);

      // The list: present for its owner and the region's manager, absent for everyone else's scope.
      await eventually(
        async () => {
          const page = await call(
            'repA',
            'GET',
            `/customers?q=${encodeURIComponent(name.toLowerCase().slice(0, 20))}`,
          );
          return (page.body['items'] as Json[]).some((item) => item['customerId'] === customerId)
            ? true
            : undefined;
        },
        { what: 'the card in the owner’s list', timeoutMs: READ_MODEL_TIMEOUT_MS },
      );
      const byManager = await call('manager', 'GET', `/customers?q=${encodeURIComponent(name)}`);
      expect((byManager.body['items'] as Json[]).map((i) => i['customerId'])).toEqual([customerId]);
      for (const [who, query] of [
        ['repB', ''],
        ['repB', `?owner=${repA}`],
        ['repB', `?q=${encodeURIComponent(name)}`],
        ['otherManager', `?region=${region}`],
        ['otherManager', `?q=${encodeURIComponent(name)}`],
      ] as const) {
        const page = await call(who, 'GET', `/customers${query}`);
        expect(page.status).toBe(200);
        expect(JSON.stringify(page.body)).not.toContain(customerId);
      }
    });

    it('a rep registers only in a region of the organization and names no key-account manager', async () => {
      const nowhere = await call('repA', 'POST', '/customers', {
        ...fullCard(),
        region: `nowhere-${suffix}`,
      });
      expect(nowhere.status).toBe(422);
      expect(nowhere.body).toMatchObject({
        type: 'urn:crm:problem:customer-unknown-region',
        errors: [{ field: 'region', message: 'is not a region of the organization' }],
      });
      const withManager = await call('repA', 'POST', '/customers', {
        ...fullCard(),
        keyAccountManagerId: `kam-${suffix}`,
      });
      expect(withManager.status).toBe(403);
      // An admin may name one, but moves nobody into a region that does not exist either.
      const byAdmin = await call('admin', 'POST', '/customers', {
        ...fullCard(),
        keyAccountManagerId: `kam-${suffix}`,
      });
      expect(byAdmin.status).toBe(201);
      const moved = await call(
        'admin',
        'PATCH',
        `/customers/${byAdmin.body['customerId'] as string}`,
        {
          region: `nowhere-${suffix}`,
        },
      );
      expect(moved.status).toBe(422);
    });

    it('a manager changes and reassigns customers of their region only', async () => {
      const customerId = await register();
      expect(
        (await call('manager', 'PATCH', `/customers/${customerId}`, { ownerId: repB })).status,
      ).toBe(200);
      expect((await call('repA', 'GET', `/customers/${customerId}`)).status).toBe(404);
      expect((await call('repB', 'GET', `/customers/${customerId}`)).body).toMatchObject({
        ownerId: repB,
      });
      expect(
        (await call('manager', 'PATCH', `/customers/${customerId}`, { region: `west-${suffix}` }))
          .status,
      ).toBe(403);
      expect(
        (await call('otherManager', 'PATCH', `/customers/${customerId}`, { city: 'x' })).status,
      ).toBe(404);
    });

    it('an analyst sees the card with phone, e-mail, WeChat and contacts’ personal data masked', async () => {
      const card = fullCard();
      const customerId = await register(card);
      const contact = fullContact();
      await call('repA', 'POST', `/customers/${customerId}/contacts`, contact);
      const read = await call('analyst', 'GET', `/customers/${customerId}`);
      expect(read.status).toBe(200);
      const text = JSON.stringify(read.body);
      for (const secret of [
        card.phone,
        card.email,
        contact.phone,
        contact.email,
        contact.wechat,
        contact.name,
        contact.birthday,
      ]) {
        expect(text).not.toContain(secret);
      }
      expect(read.body).toMatchObject({ name: card.name, region, fundBand: 'key' });
      expect(read.body['phone']).toMatch(/^\*\*\*/);
      // Masked values still fit the documented card.
      expect(await undocumentedIn(service.url, 'GET', '/customers/{id}', read)).toEqual([]);
    });

    it('records every full-card read and every change; an admin queries the log, nobody else', async () => {
      const customerId = await register();
      await call('repA', 'GET', `/customers/${customerId}`);
      await call('analyst', 'GET', `/customers/${customerId}`);
      await call('repA', 'PATCH', `/customers/${customerId}`, { city: 'Shaoxing' });
      const log = await call('admin', 'GET', `/audit?customerId=${customerId}`);
      expect(log.status).toBe(200);
      const entries = (log.body['items'] as Json[]).map((e) => [
        e['actorId'],
        e['action'],
        e['what'],
      ]);
      expect(entries).toEqual([
        [repA, 'customer.changed', ['CustomerProfileUpdated']],
        [`analyst-${suffix}`, 'customer.card.read', ['card:masked']],
        [repA, 'customer.card.read', ['card:full']],
        [repA, 'customer.changed', ['CustomerRegistered']],
      ]);
      const byActor = await call('admin', 'GET', `/audit?actorId=analyst-${suffix}&limit=1`);
      expect(byActor.body['items']).toHaveLength(1);
      for (const who of ['repA', 'manager', 'analyst']) {
        expect((await call(who, 'GET', `/audit?customerId=${customerId}`)).status).toBe(403);
      }
      // Insert-only: the service exposes no way to change an entry; the collection holds them all.
      const stored = await mongo
        .db(env.MONGODB_DATABASE)
        .collection('audit_log')
        .countDocuments({ customerId });
      expect(stored).toBe(4);
    });

    it('shows the stream for audit to an admin and the region’s manager only', async () => {
      const customerId = await register();
      await call('repA', 'PATCH', `/customers/${customerId}`, { city: 'Jiaxing' });
      const history = await call('admin', 'GET', `/customers/${customerId}/history`);
      expect(history.status).toBe(200);
      expect(
        (history.body['events'] as Json[]).map((e) => [e['sequence'], e['type'], e['actorId']]),
      ).toEqual([
        [1, 'CustomerRegistered', repA],
        [2, 'CustomerProfileUpdated', repA],
      ]);
      expect((await call('manager', 'GET', `/customers/${customerId}/history`)).status).toBe(200);
      expect((await call('otherManager', 'GET', `/customers/${customerId}/history`)).status).toBe(
        404,
      );
      expect((await call('repA', 'GET', `/customers/${customerId}/history`)).status).toBe(403);
    });
  });
  describe('likely duplicates: flagged at registration, on demand, and listed for review', () => {
    it('matches normalised name and phone among what the caller may see, and never names the others', async () => {
      const token = uniqueSuffix();
      const phone = `+86 571 ${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
      const first = await register({
        ...fullCard(),
        name: `Lianhua ${token} Trading Co., Ltd.`,
        phone,
      });
      await eventually(
        async () => {
          const page = await call('repA', 'GET', `/customers/${first}/duplicates`);
          return page.status === 200 ? true : undefined;
        },
        { what: 'the first card' },
      );
      await eventually(
        async () => {
          const page = await call('admin', 'GET', `/customers?q=lianhua ${token}`);
          return (page.body['items'] as Json[]).length === 1 ? true : undefined;
        },
        { what: 'the first card in the read model', timeoutMs: READ_MODEL_TIMEOUT_MS },
      );

      // Before saving: the card not registered yet is checked, among what the caller may see.
      const check = (who: string, fields: Json) =>
        call(who, 'POST', '/customers/duplicates/check', fields);
      const checked = await check('repA', {
        name: `LIANHUA ${token} trading 有限公司`,
        phone: '138',
      });
      expect(checked.status).toBe(200);
      expect(checked.body['items']).toEqual([
        expect.objectContaining({ customerId: first, matchedOn: ['name'] }),
      ]);
      expect((await check('repB', { phone })).body['items']).toEqual([]);
      expect((await check('admin', { phone: phone.replace(/ /g, '') })).body['items']).toEqual([
        expect.objectContaining({ customerId: first, matchedOn: ['phone'] }),
      ]);
      const hostile = await check('repA', { name: 'x', taxNumber: 12345678 });
      expect(hostile.status).toBe(400);
      expect(hostile.body['errors']).toEqual([expect.objectContaining({ field: 'taxNumber' })]);

      const second = await call('repA', 'POST', '/customers', {
        ...fullCard(),
        name: `lianhua ${token}  trading`,
        phone: null,
      });
      expect(second.status).toBe(400);
      const registered = await call('repA', 'POST', '/customers', {
        ...fullCard(),
        name: `lianhua ${token}  trading`,
      });
      expect(registered.status).toBe(201);
      expect(registered.body['possibleDuplicates']).toEqual([
        expect.objectContaining({ customerId: first, matchedOn: ['name'] }),
      ]);
      const secondId = registered.body['customerId'] as string;

      // Another rep registering the same phone is not told about a customer they may not see.
      const byOther = await call('repB', 'POST', '/customers', {
        ...fullCard(),
        ownerId: repB,
        phone,
      });
      expect(byOther.status).toBe(201);
      expect(byOther.body['possibleDuplicates']).toEqual([]);
      const otherId = byOther.body['customerId'] as string;

      await eventually(
        async () => {
          const found = await call('repA', 'GET', `/customers/${first}/duplicates`);
          const ids = (found.body['items'] as Json[]).map((item) => item['customerId']);
          return ids.includes(secondId) ? ids : undefined;
        },
        { what: 'the on-demand duplicates', timeoutMs: READ_MODEL_TIMEOUT_MS },
      ).then((ids) => expect(ids).not.toContain(otherId));
      const admin = await call('admin', 'GET', `/customers/${otherId}/duplicates`);
      expect(admin.body['items']).toEqual([
        expect.objectContaining({ customerId: first, matchedOn: ['phone'] }),
      ]);

      const review = await eventually(
        async () => {
          const page = await call('manager', 'GET', '/customers/duplicates?limit=500');
          const items = page.body['items'] as Json[];
          return items.some((item) => item['customerId'] === otherId) ? items : undefined;
        },
        { what: 'the review list', timeoutMs: READ_MODEL_TIMEOUT_MS },
      );
      expect(review.find((item) => item['customerId'] === secondId)).toMatchObject({
        possibleDuplicateOf: [first],
      });
      expect(review.find((item) => item['customerId'] === otherId)).toMatchObject({
        possibleDuplicateOf: [first],
      });
      // Rep B's card is flagged only by a customer B cannot see: listing it would tell that one
      // exists, so B's review list is empty.
      const forRepB = await call('repB', 'GET', '/customers/duplicates');
      expect(forRepB.body['items']).toEqual([]);
    });
  });

  describe('a leaving rep hands over: one owner change per customer, once', () => {
    const leaving = `rep-leaving-${suffix}`;
    const taking = `rep-taking-${suffix}`;
    const CUSTOMERS = 36;
    const ownedBy = async (who: string, ownerId: string): Promise<string[]> => {
      const ids: string[] = [];
      for (let cursor: string | null = null; ;) {
        const page = await call(
          who,
          'GET',
          `/customers?owner=${ownerId}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        );
        ids.push(...(page.body['items'] as Json[]).map((item) => item['customerId'] as string));
        cursor = page.body['nextCursor'] as string | null;
        if (cursor === null) return ids.sort();
      }
    };
    const handOver = (who: string, body: unknown, key?: string) =>
      call(who, 'POST', '/customers/handover', body, key ? { 'idempotency-key': key } : {});

    it('refuses, naming the field, people outside the directory or the region, and reps', async () => {
      const ghost = await handOver('manager', { fromRepId: leaving, toRepId: `ghost-${suffix}` });
      expectProblem(ghost, 422);
      expect(ghost.body['errors']).toEqual([
        { field: 'toRepId', message: 'is not a person of the organization' },
      ]);
      const west = await handOver('manager', { fromRepId: `rep-west-${suffix}`, toRepId: taking });
      expect(west.status).toBe(422);
      expect(west.body['errors']).toEqual([
        { field: 'fromRepId', message: 'does not work in your region' },
      ]);
      const unknownField = await handOver('manager', {
        fromRepId: leaving,
        toRepId: taking,
        all: 1,
      });
      expect(unknownField.status).toBe(400);
      expect((await handOver('repA', { fromRepId: leaving, toRepId: taking })).status).toBe(403);
      expect((await handOver('analyst', { fromRepId: leaving, toRepId: taking })).status).toBe(403);
    });

    it('moves every customer of the leaving rep in the region, answers how many, and replays', async () => {
      const names = [
        '杭州联华贸易有限公司',
        '上海浦东发展集团',
        '北京中关村科技',
        'Ningbo Port Supply',
      ];
      const theirs: string[] = [];
      for (let index = 0; index < CUSTOMERS; index += 1) {
        const card = {
          name: `${names[index % names.length]} ${index} ${uniqueSuffix()}`,
          nature: 'ordinary_company',
          region,
          ownerId: leaving,
          expectedAnnualPurchase: 3_000_000_000 + index,
        };
        theirs.push(await register(card, 'manager'));
      }
      const repAs = await register({ ...fullCard(), name: `李宁体育用品 ${uniqueSuffix()}` });
      // The leaving rep's one customer in another region: not the east manager's to hand over.
      const elsewhere = await register(
        {
          name: `成都天府商贸 ${uniqueSuffix()}`,
          nature: 'individual',
          region: `west-${suffix}`,
          ownerId: leaving,
        },
        'admin',
      );
      await eventually(
        async () => ((await ownedBy('admin', leaving)).length === CUSTOMERS + 1 ? true : undefined),
        { what: 'the leaving rep listed with every customer', timeoutMs: READ_MODEL_TIMEOUT_MS },
      );

      const first = await handOver(
        'manager',
        { fromRepId: leaving, toRepId: taking },
        `ho-${suffix}`,
      );
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ fromRepId: leaving, toRepId: taking, handedOver: CUSTOMERS });
      const replay = await handOver(
        'manager',
        { fromRepId: leaving, toRepId: taking },
        `ho-${suffix}`,
      );
      expect(replay.status).toBe(200);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body).toEqual(first.body);

      // Exactly one owner change per customer, from the leaving rep to the successor.
      for (const customerId of theirs) {
        const history = await call('manager', 'GET', `/customers/${customerId}/history`);
        const changes = (history.body['events'] as Json[]).filter(
          (event) => event['type'] === 'CustomerOwnerAssigned',
        );
        expect(changes.map((event) => event['data'])).toEqual([
          expect.objectContaining({ ownerId: taking, previousOwnerId: leaving }),
        ]);
      }
      await eventually(
        async () => ((await ownedBy('manager', taking)).length === CUSTOMERS ? true : undefined),
        {
          what: 'the successor listed with the handed-over customers',
          timeoutMs: READ_MODEL_TIMEOUT_MS,
        },
      );
      expect(await ownedBy('manager', taking)).toEqual([...theirs].sort());
      expect(await ownedBy('admin', leaving)).toEqual([elsewhere]);
      expect((await call('admin', 'GET', `/customers/${repAs}`)).body['ownerId']).toBe(repA);
      // The successor now acts for the customers; nothing is left to hand over in the region.
      expect((await call('repTaking', 'GET', `/customers/${theirs[0]!}`)).status).toBe(200);
      const again = await handOver('manager', { fromRepId: leaving, toRepId: taking });
      expect(again.body['handedOver']).toBe(0);

      // An admin hands over across regions.
      const across = await handOver(
        'admin',
        { fromRepId: leaving, toRepId: taking },
        `ho2-${suffix}`,
      );
      expect(across.body['handedOver']).toBe(1);
      expect((await call('admin', 'GET', `/customers/${elsewhere}`)).body['ownerId']).toBe(taking);
    });
  });

  describe('the card read model is rebuilt from Kafka by the one projection runner', () => {
    it('rebuilds the cards identical to the live ones (Chinese text, contacts, duplicates, analytics figures), then keeps them live', async () => {
      const phone = `+86 571 ${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
      const first = await register({ ...fullCard(), name: `杭州莲花贸易有限公司${suffix}`, phone });
      // Same phone: flagged as a likely duplicate of the first, then the flag is dismissed.
      const second = await register({ ...fullCard(), name: `上海浦东新区客户${suffix}`, phone });
      const third = await register({ ...fullCard(), name: `苏州园林建材${suffix}`, city: '苏州' });
      const contact = await call('repA', 'POST', `/customers/${first}/contacts`, {
        ...fullContact(),
        name: '王丽',
        title: '采购总监',
      });
      expect(contact.status).toBe(201);
      await call('repA', 'POST', `/customers/${third}/contacts`, {
        ...fullContact(),
        name: '周婷',
      });
      const patched = await call('repA', 'PATCH', `/customers/${third}`, {
        name: `苏州园林建材（集团）${suffix}`,
        address: '苏州市姑苏区人民路 88 号',
      });
      expect(patched.status).toBe(200);
      const dismissed = await call('repA', 'POST', `/customers/${second}/duplicates/dismiss`, {
        otherCustomerId: first,
      });
      expect(dismissed.status).toBeLessThan(300);
      // Figures analytics computed land on the cards through the same projection.
      const feed = new UpstreamFeed(suffix, { validate: true });
      await feed.connect();
      try {
        await feed.publish('analytics', 'CustomerTierChanged', `tier-${first}`, first, {
          customerId: first,
          previousTier: null,
          tier: 'A',
          revenue: 900_000,
          revenueAbove: 0,
          totalRevenue: 1_000_000,
          effectiveAt: new Date().toISOString(),
        });
        await feed.publish('analytics', 'CustomerSatisfactionChanged', `csi-${third}`, third, {
          customerId: third,
          csi: 68.75,
          scores: 4,
          triggeringEventId: `visit-${suffix}`,
          asOf: new Date().toISOString(),
        });
      } finally {
        await feed.disconnect();
      }
      await eventually(
        async () => {
          const [a, c] = await Promise.all([
            call('repA', 'GET', `/customers/${first}`),
            call('repA', 'GET', `/customers/${third}`),
          ]);
          return a.body['tier'] === 'A' && c.body['csi'] === 68.75 ? true : undefined;
        },
        { what: 'the figures on the cards', timeoutMs: READ_MODEL_TIMEOUT_MS },
      );

      const live = await expectRebuildEqualsLive({
        db: () => mongo.db(env.MONGODB_DATABASE),
        service: 'customers',
        suffix,
        consumerGroupPrefix: env['CONSUMER_GROUP_PREFIX']!,
        projections: [
          {
            name: 'customer-card',
            collection: 'customer_cards',
            topics: [Topics.customers, Topics.analytics],
          },
        ],
        rebuild: (body) => call('admin', 'POST', '/customers/admin/projections/rebuild', body),
      });
      // Checked against what the traffic wrote, so an empty rebuild of an empty model cannot pass.
      const cards = live['customer-card']!;
      expect(cards.find((card) => card['_id'] === third)).toMatchObject({
        name: `苏州园林建材（集团）${suffix}`,
        contactNames: ['周婷'],
        csi: 68.75,
      });
      expect(cards.find((card) => card['_id'] === first)).toMatchObject({ tier: 'A' });
      expect(cards.find((card) => card['_id'] === second)).toMatchObject({
        dismissedDuplicates: [first],
        hasPossibleDuplicates: false,
      });

      // Lists read the swapped-in collection, and it keeps receiving live events.
      const after = await register({ ...fullCard(), name: `无锡重建之后${suffix}` });
      await eventually(
        async () => {
          const list = await call(
            'manager',
            'GET',
            `/customers?q=${encodeURIComponent('无锡重建之后')}`,
          );
          const items = (list.body['items'] ?? []) as { customerId: string }[];
          return items.some((item) => item.customerId === after) ? true : undefined;
        },
        { what: 'a card registered after the swap in the list', timeoutMs: READ_MODEL_TIMEOUT_MS },
      );
      // Only an administrator rebuilds.
      expectProblem(await call('manager', 'POST', '/customers/admin/projections/rebuild', {}), 403);
    });
  });
});
