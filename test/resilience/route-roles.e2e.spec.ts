import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ROLES, type Role } from '@crm/contracts';
import {
  eventually,
  signToken,
  TEST_JWT_AUDIENCE,
  TEST_JWT_ISSUER,
  uniqueSuffix,
  type RunningService,
} from '@crm/testing';
import {
  bootSystem,
  openApiOf,
  operationsOf,
  recordMetrics,
  SERVICES,
  type ServiceName,
} from './system';

/**
 * The access rules of docs/contracts.md as a table: every operation of every service's OpenAPI document
 * and the roles allowed on it. `public` needs no token. An operation a service serves that is not
 * in this table fails the test, so a new route is never shipped without a decision on who may call
 * it; a row whose operation is gone fails too.
 */
type Access = 'public' | readonly Role[];

/** Every role a person works in (the data-protection and machine roles have their own routes only). */
const EVERYONE: readonly Role[] = ROLES.filter(
  (role) => role !== 'data_protection_officer' && role !== 'personal_data_reader',
);
const SALES: readonly Role[] = ['admin', 'sales_manager', 'sales_rep'];
const READERS_OF_CUSTOMERS: readonly Role[] = EVERYONE;
const COMPLAINT_HANDLERS: readonly Role[] = ['service_agent', 'supervisor', 'admin'];
const COMPLAINT_READERS: readonly Role[] = ['service_agent', 'supervisor', 'admin', 'analyst'];
const ANALYTICS_READERS: readonly Role[] = ['admin', 'analyst', 'supervisor', 'sales_manager'];
const FOLLOW_UP_OWNERS: readonly Role[] = ['sales_rep', 'sales_manager', 'supervisor', 'admin'];
const PLATFORM: Record<string, Access> = {
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  'GET /health/consumers': 'public',
  'GET /metrics': 'public',
  // Personal data on the wire (ADR 90): every service's own keys, its part of an access export,
  // and the migration that replaces a topic's clear history.
  'GET /data-keys/{context}/{customerId}': ['personal_data_reader', 'admin'],
  'GET /personal-data/{customerId}': ['personal_data_reader', 'admin', 'data_protection_officer'],
  'POST /admin/republish-sealed/{context}': ['admin'],
};

const ACCESS: Record<ServiceName, Record<string, Access>> = {
  customers: {
    ...PLATFORM,
    'GET /customers/{id}/personal-data-export': ['admin', 'data_protection_officer'],
    'POST /customers': SALES,
    'GET /customers': READERS_OF_CUSTOMERS,
    'GET /customers/duplicates': READERS_OF_CUSTOMERS,
    // D1 completeness of each rep's cards: the sales team's work, and analysts' figures.
    'GET /customers/completeness': ['admin', 'sales_manager', 'sales_rep', 'analyst'],
    'GET /customers/completeness/cards': ['admin', 'sales_manager', 'sales_rep', 'analyst'],
    'POST /customers/duplicates/check': SALES,
    'POST /customers/handover': ['admin', 'sales_manager'],
    'GET /customers/{id}/duplicates': READERS_OF_CUSTOMERS,
    'GET /customers/{id}': READERS_OF_CUSTOMERS,
    'PATCH /customers/{id}': SALES,
    'GET /customers/{id}/history': ['admin', 'sales_manager'],
    'POST /customers/{id}/contacts': SALES,
    'PATCH /customers/{id}/contacts/{contactId}': SALES,
    'DELETE /customers/{id}/contacts/{contactId}': SALES,
    'POST /customers/{id}/purchases': SALES,
    'POST /customers/{id}/purchases/{purchaseId}/reversals': SALES,
    'POST /customers/{id}/surveys': SALES,
    'POST /customers/{id}/points/redeem': SALES,
    'POST /customers/{id}/points/expire': ['admin'],
    'POST /customers/{id}/key-account': ['admin', 'sales_manager'],
    'DELETE /customers/{id}/key-account': ['admin', 'sales_manager'],
    'POST /customers/{id}/duplicates/dismiss': SALES,
    // Erasure (personal-information law) is an administrator's act; merging, a manager's too.
    'DELETE /customers/{id}': ['admin'],
    'POST /customers/{id}/merge': ['admin', 'sales_manager'],
    'GET /audit': ['admin'],
    'POST /customers/admin/projections/rebuild': ['admin'],
  },
  visits: {
    ...PLATFORM,
    'POST /visits': SALES,
    'GET /visits': SALES,
    'GET /visits/{id}': SALES,
    'POST /visits/{id}/complete': SALES,
    'POST /visits/{id}/cancel': SALES,
    'POST /visits/{id}/reschedule': SALES,
    'GET /visit-plans/{month}': SALES,
    'POST /visit-plans/{month}/generate': ['admin'],
    'POST /opportunities': SALES,
    'GET /opportunities': SALES,
    'GET /opportunities/{id}': SALES,
    'POST /opportunities/{id}/stage': SALES,
    'POST /visits/admin/projections/rebuild': ['admin'],
  },
  complaints: {
    ...PLATFORM,
    'POST /complaints': COMPLAINT_HANDLERS,
    'GET /complaints': COMPLAINT_READERS,
    'GET /complaints/counts': COMPLAINT_READERS,
    'GET /complaints/{id}': COMPLAINT_READERS,
    'POST /complaints/{id}/validate': COMPLAINT_HANDLERS,
    'POST /complaints/{id}/assign': COMPLAINT_HANDLERS,
    'POST /complaints/{id}/propose': COMPLAINT_HANDLERS,
    // Who approves depends on the cost (D7): the route admits every role, the decider decides.
    'POST /complaints/{id}/approve': EVERYONE,
    'POST /complaints/{id}/send-back': EVERYONE,
    'POST /complaints/{id}/notify-customer': COMPLAINT_HANDLERS,
    'POST /complaints/{id}/customer-response': COMPLAINT_HANDLERS,
    'POST /complaints/{id}/implement': COMPLAINT_HANDLERS,
    'POST /complaints/{id}/accountability': COMPLAINT_HANDLERS,
    'POST /complaints/{id}/close': COMPLAINT_HANDLERS,
    'POST /complaints/{id}/reopen': COMPLAINT_HANDLERS,
    'POST /complaints/admin/projections/rebuild': ['admin'],
  },
  analytics: {
    ...PLATFORM,
    'GET /analytics/customers/{id}': [...ANALYTICS_READERS, 'sales_rep'],
    'GET /analytics/customers/{id}/satisfaction': [...ANALYTICS_READERS, 'sales_rep'],
    // The customer's events across services (ADR 137): the 360 view's readers and scope.
    'GET /analytics/customers/{id}/timeline': [...ANALYTICS_READERS, 'sales_rep'],
    'GET /analytics/customers/{id}/tiers': ANALYTICS_READERS,
    'GET /analytics/tiers': ANALYTICS_READERS,
    'POST /analytics/tiers/recompute': ['admin', 'analyst'],
    'GET /analytics/lifecycle': ANALYTICS_READERS,
    'POST /analytics/lifecycle/recompute': ['admin', 'analyst'],
    // D5 "marked lost": those who answer for customers, never an analyst or a rep (ADR 125).
    'POST /analytics/lifecycle/customers/{id}/mark-lost': ['admin', 'sales_manager', 'supervisor'],
    'GET /analytics/satisfaction': ANALYTICS_READERS,
    'GET /analytics/satisfaction/at-risk': ANALYTICS_READERS,
    'GET /analytics/funnel': ANALYTICS_READERS,
    'GET /analytics/visit-compliance': ANALYTICS_READERS,
    // D6 loyalty figures, aggregates only: a rep reads their own customers' (ADR 142).
    'GET /analytics/loyalty': [...ANALYTICS_READERS, 'sales_rep'],
    'GET /analytics/complaints/kpis': ['admin', 'analyst', 'supervisor', 'service_agent'],
    'POST /analytics/admin/projections/rebuild': ['admin'],
    // Follow-ups are tasks of their owners (reps, key-account managers), managers and supervisors.
    'GET /engagement/follow-ups': FOLLOW_UP_OWNERS,
    'POST /engagement/follow-ups/{followUpId}/complete': FOLLOW_UP_OWNERS,
    // D9 greetings planned for the contacts of the caller's customers: read only; analysts masked.
    'GET /engagement/greetings': [...FOLLOW_UP_OWNERS, 'analyst'],
    // D9 a customer's own event or a condolence, told by those who know the customer (ADR 123).
    'POST /engagement/customers/{customerId}/occasions': FOLLOW_UP_OWNERS,
  },
};

/** A concrete URL for an operation: every path parameter a fresh id no record has. */
const concretePath = (path: string): string =>
  path.replace(/\{([^}]+)\}/g, (_, name: string) => (name === 'month' ? '2026-01' : randomUUID()));

interface Check {
  readonly service: ServiceName;
  readonly operation: string;
  readonly caller: string;
  readonly expected: 'allowed' | 401 | 403;
}

describe('route × role: every operation of every service against every role (docs/contracts.md)', () => {
  const suffix = uniqueSuffix();
  let system: Record<ServiceName, RunningService>;
  const tokens: Partial<Record<string, string>> = {};
  const documented: Partial<Record<ServiceName, string[]>> = {};
  let passed = 0;

  beforeAll(async () => {
    system = await bootSystem(suffix);
    for (const role of ROLES)
      tokens[role] = await signToken({
        sub: `user-${role}-${suffix}`,
        roles: [role],
        region: 'east',
      });
    tokens['forged'] = await signToken(
      { sub: `forger-${suffix}`, roles: ['admin'] },
      'not-the-secret-of-this-system-at-all',
    );
    tokens['expired'] = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(TEST_JWT_ISSUER)
      .setAudience(TEST_JWT_AUDIENCE)
      .setSubject(`late-${suffix}`)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode('integration-test-secret-0123456789'));
    tokens['unsigned'] = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: 'nobody', roles: ['admin'] }),
    ).toString('base64url')}.`;
    for (const service of SERVICES)
      documented[service] = operationsOf(await openApiOf(system[service].url));
  });

  afterAll(async () => {
    await Promise.allSettled(SERVICES.map((service) => system?.[service]?.stop()));
    recordMetrics('route-roles', { 'route×role checks passed': passed });
  });

  it.each(SERVICES)(
    '%s: the table and the OpenAPI document name the same operations',
    (service) => {
      const served = [...documented[service]!].sort();
      const tabled = Object.keys(ACCESS[service]).sort();
      expect({ missingFromTable: served.filter((op) => !tabled.includes(op)) }).toEqual({
        missingFromTable: [],
      });
      expect({ goneFromService: tabled.filter((op) => !served.includes(op)) }).toEqual({
        goneFromService: [],
      });
    },
  );

  const checksOf = (service: ServiceName): Check[] =>
    Object.entries(ACCESS[service]).flatMap(([operation, access]): Check[] => {
      if (access === 'public') return [{ service, operation, caller: 'none', expected: 'allowed' }];
      return [
        ...(['none', 'garbage', 'forged', 'expired', 'unsigned'] as const).map((caller): Check => ({
          service,
          operation,
          caller,
          expected: 401,
        })),
        ...ROLES.map((role): Check => ({
          service,
          operation,
          caller: role,
          expected: access.includes(role) ? 'allowed' : 403,
        })),
      ];
    });

  it.each(SERVICES)(
    '%s: 401 without a valid token, 403 for a role not allowed, else through',
    async (service) => {
      const failures: string[] = [];
      for (const check of checksOf(service)) {
        const [method, path] = check.operation.split(' ') as [string, string];
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (check.caller === 'garbage') headers['authorization'] = 'Bearer not.a.jwt-at-all';
        else if (check.caller !== 'none')
          headers['authorization'] = `Bearer ${tokens[check.caller]!}`;
        const response = await fetch(`${system[service].url}${concretePath(path)}`, {
          method,
          headers,
          ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
        });
        const body = await response.text();
        const ok =
          check.expected === 'allowed'
            ? response.status !== 401 && response.status !== 403 && response.status < 500
            : response.status === check.expected &&
              (response.headers.get('content-type') ?? '').startsWith('application/problem+json');
        if (ok) passed += 1;
        else
          failures.push(
            `${check.operation} as ${check.caller}: expected ${check.expected}, got ${response.status} ${body.slice(0, 160)}`,
          );
      }
      expect(failures).toEqual([]);
    },
  );

  /** One request with a caller's token; the body as parsed JSON and as text (for what it must not say). */
  const call = async (
    service: ServiceName,
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ) => {
    const response = await fetch(`${system[service].url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as Record<string, unknown> };
  };

  /**
   * A customer the caller may not see must be indistinguishable from one that does not exist:
   * the same status and problem for both, and never its owner's id (the rule is "not found", not
   * "forbidden"); a duplicate match the caller may not see is not reported either.
   */
  it('never tells a customer the caller may not see apart from no customer at all', async () => {
    const admin = await signToken({ sub: `admin-leaks-${suffix}`, roles: ['admin'] });
    const owner = `rep-owner-${suffix}`;
    const otherRep = `rep-other-${suffix}`;
    const callers = {
      'another rep': await signToken({ sub: otherRep, roles: ['sales_rep'], region: 'east' }),
      'a manager of another region': await signToken({
        sub: `manager-west-${suffix}`,
        roles: ['sales_manager'],
        region: 'west',
      }),
    };
    const name = `杭州莲花泵业 ${suffix}`;
    const phone = '+86 139 5555 0101';
    const registered = await call('customers', 'POST', '/customers', admin, {
      name,
      nature: 'ordinary_company',
      region: 'east',
      ownerId: owner,
      phone,
    });
    expect(registered.status).toBe(201);
    const customerId = registered.body['customerId'] as string;
    const visit = { plannedDate: '2099-01-15', channel: 'phone', purpose: '回访 follow-up' };
    const opportunity = {
      title: '水泵 pumps',
      amount: 3_000_000_000,
      expectedCloseDate: '2099-02-28',
    };
    // The visits service knows the customer once it has its registration: an admin may plan.
    await eventually(
      async () =>
        (await call('visits', 'POST', '/visits', admin, { ...visit, customerId })).status === 201
          ? true
          : undefined,
      { what: 'the visits service to know the customer' },
    );
    const unknown = randomUUID();
    /** The answer with the id that was asked for blanked: what tells the two apart, if anything. */
    const shape = (answer: { status: number; text: string }, id: string) =>
      `${answer.status} ${answer.text.replaceAll(id, '<id>')}`;
    for (const [who, token] of Object.entries(callers)) {
      const about = (id: string) => ({ customerId: id });
      for (const [service, method, path, body] of [
        ['visits', 'POST', '/visits', (id: string) => ({ ...visit, ...about(id) })],
        ['visits', 'POST', '/opportunities', (id: string) => ({ ...opportunity, ...about(id) })],
        ['customers', 'GET', '/customers/<id>', undefined],
        ['customers', 'GET', '/customers/<id>/duplicates', undefined],
        ['customers', 'PATCH', '/customers/<id>', () => ({ city: '杭州' })],
        ['customers', 'POST', '/customers/<id>/contacts', () => ({ name: '王伟' })],
      ] as const) {
        const ask = (id: string) =>
          call(service, method, path.replace('<id>', id), token, body?.(id));
        const [seen, none] = [await ask(customerId), await ask(unknown)];
        expect({ who, path, seen: shape(seen, customerId) }).toEqual({
          who,
          path,
          seen: shape(none, unknown),
        });
        expect(seen.status).toBeGreaterThanOrEqual(400);
        expect(seen.text).not.toContain(owner);
      }
    }

    // The other rep registers the same company: the match exists (the admin sees it), the rep is not told.
    await eventually(
      async () => {
        const list = await call('customers', 'GET', `/customers?owner=${owner}`, admin);
        return list.text.includes(customerId) ? true : undefined;
      },
      { what: 'the card in the read model' },
    );
    const again = await call('customers', 'POST', '/customers', callers['another rep'], {
      name,
      nature: 'ordinary_company',
      region: 'east',
      ownerId: otherRep,
      phone,
    });
    expect(again.status).toBe(201);
    const theirs = again.body['customerId'] as string;
    const seenByAdmin = await call('customers', 'GET', `/customers/${theirs}/duplicates`, admin);
    expect(seenByAdmin.text).toContain(customerId);
    expect(again.body['possibleDuplicates'] ?? []).toEqual([]);
    const own = await call(
      'customers',
      'GET',
      `/customers/${theirs}/duplicates`,
      callers['another rep'],
    );
    expect(own).toMatchObject({ status: 200, body: { items: [] } });
    const flagged = await eventually(
      async () => {
        const list = await call('customers', 'GET', '/customers/duplicates', admin);
        return list.text.includes(theirs) ? true : undefined;
      },
      { what: 'the review list to flag the pair' },
    );
    expect(flagged).toBe(true);
    const review = await call('customers', 'GET', '/customers/duplicates', callers['another rep']);
    expect(review.status).toBe(200);
    expect(review.text).not.toContain(customerId);
  });

  /**
   * The region dimension of analytics and engagement: every report counts only the customers in
   * the caller's scope, a single resource outside it answers as an unknown one, and an action on it
   * changes nothing. The admin's answers are the control: the data is there.
   */
  it('analytics and engagement: another region, another rep and a manager without a region read and change nothing of the customer', async () => {
    const admin = await signToken({ sub: `admin-region-${suffix}`, roles: ['admin'] });
    const owner = `rep-east-owner-${suffix}`;
    const callers = {
      'a manager of another region': await signToken({
        sub: `manager-west-2-${suffix}`,
        roles: ['sales_manager'],
        region: 'west',
      }),
      'a manager without a region': await signToken({
        sub: `manager-nowhere-${suffix}`,
        roles: ['sales_manager'],
      }),
      'another rep': await signToken({
        sub: `rep-east-other-${suffix}`,
        roles: ['sales_rep'],
        region: 'east',
      }),
    };
    const slow = { timeoutMs: 90_000, intervalMs: 250 };
    const registered = await call('customers', 'POST', '/customers', admin, {
      name: `宁波海天精工 ${suffix}`,
      nature: 'ordinary_company',
      region: 'east',
      ownerId: owner,
      phone: '+86 139 5555 0202',
    });
    expect(registered.status).toBe(201);
    const customerId = registered.body['customerId'] as string;
    // Another customer of the owner buys today: a loyalty figure (not this customer's, so its
    // follow-ups stay the visit's only).
    const buyer = await call('customers', 'POST', '/customers', admin, {
      name: `杭州联华贸易 ${suffix}`,
      nature: 'ordinary_company',
      region: 'east',
      ownerId: owner,
    });
    expect(buyer.status).toBe(201);
    const bought = await call(
      'customers',
      'POST',
      `/customers/${buyer.body['customerId'] as string}/purchases`,
      admin,
      {
        amount: 1000,
        currency: 'CNY',
        occurredAt: new Date().toISOString(),
        productLine: '工业水泵',
        sourceSystem: 'erp-sap',
        orderReference: `SO-roles-${suffix}`,
      },
    );
    expect(bought.status).toBe(201);
    // A visit done today (in the visits' default zone: an earlier day is marked missed at once)
    // with a poor score: a satisfaction score and a follow-up for the owner.
    const visitDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
      new Date(),
    );
    const planned = await eventually(
      async () => {
        const answer = await call('visits', 'POST', '/visits', admin, {
          customerId,
          plannedDate: visitDay,
          channel: 'face_to_face',
          purpose: '季度回访 quarterly review',
        });
        return answer.status === 201 ? answer : undefined;
      },
      { ...slow, what: 'the visits service to know the customer' },
    );
    const visitId = planned.body['visitId'] as string;
    expect(
      (
        await call('visits', 'POST', `/visits/${visitId}/complete`, admin, {
          outcome: '客户对交期不满 unhappy with lead times',
          feedbackScore: 2,
        })
      ).status,
    ).toBe(200);
    const opened = await call('visits', 'POST', '/opportunities', admin, {
      customerId,
      title: '数控机床 machine tools',
      amount: 9_000_000_000,
      expectedCloseDate: '2099-03-31',
    });
    expect(opened.status).toBe(201);
    expect((await call('analytics', 'POST', '/analytics/tiers/recompute', admin, {})).status).toBe(
      200,
    );

    // The control: analytics has it all, for the admin.
    const followUp = await eventually(
      async () => {
        const list = await call(
          'analytics',
          'GET',
          `/engagement/follow-ups?customerId=${customerId}`,
          admin,
        );
        return (list.body['items'] as { followUpId: string; status: string }[] | undefined)?.[0];
      },
      { ...slow, what: 'the follow-up of the visit' },
    );
    const reports = {
      satisfaction: '/analytics/satisfaction?groupBy=region',
      funnel: '/analytics/funnel?period=2099-03',
      compliance: `/analytics/visit-compliance?month=${visitDay.slice(0, 7)}`,
      tiers: '/analytics/tiers',
      atRisk: '/analytics/satisfaction/at-risk',
      loyalty: '/analytics/loyalty?groupBy=region',
    };
    const counted = {
      satisfaction: (body: Record<string, unknown>) =>
        (body['groups'] as { key: string; customers: number }[]).reduce(
          (n, g) => n + g.customers,
          0,
        ),
      funnel: (body: Record<string, unknown>) => body['openOpportunities'] as number,
      atRisk: (body: Record<string, unknown>) => body['total'] as number,
      compliance: (body: Record<string, unknown>) =>
        (body['total'] as { customers: number }).customers,
      tiers: (body: Record<string, unknown>) =>
        Object.values(body['distribution'] as Record<string, number>).reduce((a, b) => a + b, 0),
      loyalty: (body: Record<string, unknown>) =>
        (body['groups'] as { activeCustomers: number }[]).reduce(
          (n, g) => n + g.activeCustomers,
          0,
        ),
    };
    for (const [report, path] of Object.entries(reports) as [keyof typeof reports, string][]) {
      await eventually(
        async () => {
          const answer = await call('analytics', 'GET', path, admin);
          return answer.status === 200 && counted[report](answer.body) >= 1 ? true : undefined;
        },
        { ...slow, what: `the admin's ${report}` },
      );
    }
    await eventually(
      async () => {
        const answer = await call(
          'analytics',
          'GET',
          `/analytics/customers/${customerId}/tiers`,
          admin,
        );
        return answer.status === 200 ? true : undefined;
      },
      { ...slow, what: 'the tier history' },
    );
    // The visit's score 2 is the customer's whole satisfaction trend: CSI 25, below the floor.
    const trend = (id: string, token: string) =>
      call('analytics', 'GET', `/analytics/customers/${id}/satisfaction`, token);
    await eventually(
      async () => {
        const answer = await trend(customerId, admin);
        return (answer.body['points'] as unknown[] | undefined)?.length === 1 ? true : undefined;
      },
      { ...slow, what: "the admin's satisfaction trend" },
    );
    expect((await trend(customerId, admin)).body).toMatchObject({
      customerId,
      csi: 25,
      points: [{ source: 'visit', score: 2, csi: 25 }],
      alerts: [{ reason: 'below_floor', csi: 25 }],
    });

    // The timeline has the customer's registration, its visit and the opportunity, for the admin.
    await eventually(
      async () => {
        const answer = await call(
          'analytics',
          'GET',
          `/analytics/customers/${customerId}/timeline`,
          admin,
        );
        const services = new Set(
          ((answer.body['items'] as { service: string }[] | undefined) ?? []).map((i) => i.service),
        );
        return services.has('customers') && services.has('visits') ? true : undefined;
      },
      { ...slow, what: "the admin's timeline" },
    );

    const unknownCustomer = randomUUID();
    const unknownFollowUp = `fu-${randomUUID()}`;
    const shape = (answer: { status: number; text: string }, id: string) =>
      `${answer.status} ${answer.text.replaceAll(id, '<id>')}`;
    for (const [who, token] of Object.entries(callers)) {
      const manager = who !== 'another rep';
      // Reports: counted over the caller's customers only, none of which is this one.
      if (manager) {
        for (const grouping of ['region', 'rep', 'tier', 'company']) {
          const answer = await call(
            'analytics',
            'GET',
            `/analytics/satisfaction?groupBy=${grouping}`,
            token,
          );
          expect({ who, grouping, status: answer.status, groups: answer.body['groups'] }).toEqual({
            who,
            grouping,
            status: 200,
            groups: [],
          });
        }
        for (const report of ['funnel', 'compliance', 'tiers', 'atRisk', 'loyalty'] as const) {
          const answer = await call('analytics', 'GET', reports[report], token);
          expect({
            who,
            report,
            status: answer.status,
            counted: counted[report](answer.body),
          }).toEqual({ who, report, status: 200, counted: 0 });
          expect(answer.text).not.toContain(owner);
        }
        const tierHistory = (id: string) =>
          call('analytics', 'GET', `/analytics/customers/${id}/tiers`, token);
        expect({ who, seen: shape(await tierHistory(customerId), customerId) }).toEqual({
          who,
          seen: shape(await tierHistory(unknownCustomer), unknownCustomer),
        });
      }
      if (!manager) {
        // A rep reads loyalty too, over their own customers only.
        const answer = await call('analytics', 'GET', reports.loyalty, token);
        expect({ who, status: answer.status, counted: counted.loyalty(answer.body) }).toEqual({
          who,
          status: 200,
          counted: 0,
        });
      }
      const view = (id: string) => call('analytics', 'GET', `/analytics/customers/${id}`, token);
      expect({ who, seen: shape(await view(customerId), customerId) }).toEqual({
        who,
        seen: shape(await view(unknownCustomer), unknownCustomer),
      });
      expect({ who, seen: shape(await trend(customerId, token), customerId) }).toEqual({
        who,
        seen: shape(await trend(unknownCustomer, token), unknownCustomer),
      });
      const timeline = (id: string) =>
        call('analytics', 'GET', `/analytics/customers/${id}/timeline`, token);
      expect({ who, seen: shape(await timeline(customerId), customerId) }).toEqual({
        who,
        seen: shape(await timeline(unknownCustomer), unknownCustomer),
      });
      // Engagement: the follow-up is not listed, and completing it answers as an unknown one.
      const listed = await call(
        'analytics',
        'GET',
        `/engagement/follow-ups?customerId=${customerId}`,
        token,
      );
      expect({ who, status: listed.status, items: listed.body['items'] }).toEqual({
        who,
        status: 200,
        items: [],
      });
      const complete = (id: string) =>
        call('analytics', 'POST', `/engagement/follow-ups/${id}/complete`, token, {
          outcome: 'reached',
          satisfactionScore: 5,
        });
      const [theirs, none] = [await complete(followUp.followUpId), await complete(unknownFollowUp)];
      expect({ who, seen: shape(theirs, followUp.followUpId) }).toEqual({
        who,
        seen: shape(none, unknownFollowUp),
      });
      expect(theirs.status).toBe(404);
    }
    // Nothing changed: the follow-up is still open, and its owner's rep may still complete it.
    const after = await call(
      'analytics',
      'GET',
      `/engagement/follow-ups?customerId=${customerId}`,
      admin,
    );
    expect((after.body['items'] as { status: string }[])[0]?.status).toBe(followUp.status);
    const byOwner = await call(
      'analytics',
      'POST',
      `/engagement/follow-ups/${followUp.followUpId}/complete`,
      await signToken({ sub: owner, roles: ['sales_rep'], region: 'east' }),
      { outcome: 'reached', satisfactionScore: 4 },
    );
    expect(byOwner.status).toBe(200);
  });

  /** An analyst sees names masked: every list read is audited, with the query but never the term. */
  it('audits the list reads of a masked reader: who and what query, never the searched value', async () => {
    // Its own analyst: the table above has the role's token read lists too.
    const analyst = `analyst-audited-${suffix}`;
    const analystToken = await signToken({ sub: analyst, roles: ['analyst'] });
    const admin = await signToken({ sub: `admin-audit-${suffix}`, roles: ['admin'] });
    const term = '杭州莲花';
    for (const path of [
      `/customers?q=${encodeURIComponent(term)}&region=east`,
      '/customers/duplicates',
    ]) {
      const listed = await fetch(`${system.customers.url}${path}`, {
        headers: { authorization: `Bearer ${analystToken}` },
      });
      expect(listed.status).toBe(200);
    }
    const audit = await fetch(`${system.customers.url}/audit?actorId=${analyst}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    const text = await audit.text();
    expect(audit.status).toBe(200);
    const entries = (
      JSON.parse(text) as { items: { action: string; what: string[]; at: string }[] }
    ).items;
    expect(entries.map((entry) => [entry.action, entry.what[0]])).toEqual([
      ['customer.list.read', 'list:duplicates'],
      ['customer.list.read', 'list:customers'],
    ]);
    expect(entries[1]!.what).toEqual(expect.arrayContaining(['q', 'region=east']));
    expect(text).not.toContain(term);
    expect(text).not.toContain(encodeURIComponent(term));
  });
});
