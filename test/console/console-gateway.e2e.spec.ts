import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '@crm/contracts';
import { uniqueSuffix, type RunningService } from '@crm/testing';
import { CONSOLE_ROUTES } from '@apps/console/src/gateway/domain/console-routes';
import { DEMO_USERS } from '@apps/console/src/session/domain/demo-users';
import { bootSystem, SERVICES, type ServiceName } from '../resilience/system';
import { ConsoleSession, startConsole } from './console-support';

/** The demo user of each role (one per role). */
const userOf = (role: Role): string => DEMO_USERS.find((user) => user.roles.includes(role))!.userId;

/** The roles the console's demo sign-in offers (the machine and data-protection roles have none). */
const SIGNED_IN_ROLES = ROLES.filter((role) =>
  DEMO_USERS.some((user) => user.roles.includes(role)),
);

const concretePath = (path: string): string =>
  path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    name === 'month' ? '2026-01' : name === 'followUpId' ? `fu-${randomUUID()}` : randomUUID(),
  );

describe('console backend: sessions, CSRF, clickjacking and the route × role table', () => {
  const suffix = uniqueSuffix();
  let system: Record<ServiceName, RunningService>;
  let consoleApp: RunningService;

  beforeAll(async () => {
    system = await bootSystem(suffix);
    consoleApp = await startConsole(system, suffix);
  }, 120_000);

  afterAll(async () => {
    await consoleApp?.stop();
    await Promise.allSettled(SERVICES.map((service) => system?.[service]?.stop()));
  });

  it('gives a browser an httpOnly, SameSite=Strict session cookie and never a token', async () => {
    const browser = new ConsoleSession(consoleApp.url);
    const anonymous = await browser.call('GET', '/session');
    expect(anonymous.status).toBe(200);
    expect(anonymous.json()).toMatchObject({ user: null, csrfToken: expect.any(String) });
    const cookie = anonymous.headers
      .getSetCookie()
      .find((value) => value.startsWith('crm_console='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);

    const planted = browser.sessionCookie;
    const signedIn = await browser.signIn(userOf('sales_rep'));
    expect(signedIn['user']).toMatchObject({ userId: 'rep-east-1', roles: ['sales_rep'] });
    // A new session id at sign-in (no fixation) and no JWT anywhere in what the browser gets.
    expect(browser.sessionCookie).not.toBe(planted);
    expect(JSON.stringify(signedIn)).not.toMatch(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./);
  });

  it('refuses a state-changing call without the session’s CSRF token, and writes nothing', async () => {
    const browser = new ConsoleSession(consoleApp.url);
    await browser.signIn(userOf('sales_rep'));
    const name = `CSRF 探针 ${suffix}`;
    const customer = {
      name,
      nature: 'ordinary_company',
      region: 'east',
      ownerId: 'rep-east-1',
    };
    const forged = await browser.call('POST', '/api/customers/customers', {
      body: customer,
      csrf: false,
      headers: { 'idempotency-key': `csrf-${suffix}` },
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(forged.json()).toMatchObject({
      type: 'urn:crm:problem:csrf-token-invalid',
      errors: [{ field: 'x-csrf-token' }],
    });
    const wrong = await browser.call('POST', '/api/customers/customers', {
      body: customer,
      headers: { 'x-csrf-token': 'not-the-token', 'idempotency-key': `csrf-${suffix}` },
    });
    expect(wrong.status).toBe(403);
    const listed = await browser.call(
      'GET',
      `/api/customers/customers?q=${encodeURIComponent(name)}`,
    );
    expect(listed.status).toBe(200);
    expect(listed.json()['items']).toEqual([]);

    const made = await browser.call('POST', '/api/customers/customers', {
      body: customer,
      headers: { 'idempotency-key': `csrf-ok-${suffix}` },
    });
    expect(made.status).toBe(201);
  });

  it('refuses sign-in without the CSRF token (login CSRF) and names a bad field', async () => {
    const browser = new ConsoleSession(consoleApp.url);
    await browser.call('GET', '/session');
    const noToken = await browser.call('POST', '/session/local', {
      body: { userId: 'admin-1' },
      csrf: false,
    });
    expect(noToken.status).toBe(403);
    browser.csrfToken = (await browser.call('GET', '/session')).json()['csrfToken'] as string;
    const unknown = await browser.call('POST', '/session/local', { body: { userId: '管理员' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json()['errors']).toEqual([expect.objectContaining({ field: 'userId' })]);
    const wrongType = await browser.call('POST', '/session/local', { body: { userId: 2 ** 53 } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json()['errors']).toEqual([expect.objectContaining({ field: 'userId' })]);
    const malformed = await browser.call('POST', '/session/local', {
      headers: { 'content-type': 'application/json' },
      body: undefined,
    });
    expect(malformed.status).toBeGreaterThanOrEqual(400);
    expect(malformed.status).toBeLessThan(500);
  });

  it('is never framed: every page and answer forbids framing', async () => {
    for (const path of ['/', '/session', '/reps-day', '/api/customers/customers']) {
      const response = await fetch(`${consoleApp.url}${path}`);
      expect([path, response.headers.get('x-frame-options')]).toEqual([path, 'DENY']);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('asks for a session before forwarding anything', async () => {
    const response = await fetch(`${consoleApp.url}/api/customers/customers`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ type: 'urn:crm:problem:not-signed-in' });
    const dashboard = await fetch(`${consoleApp.url}/admin/queues`);
    expect(dashboard.status).toBe(401);
  });

  it('forwards nothing the table does not offer, nor a path that climbs', async () => {
    const admin = new ConsoleSession(consoleApp.url);
    await admin.signIn(userOf('admin'));
    for (const path of [
      '/api/customers/audit',
      '/api/customers/customers/x/../../audit',
      '/api/customers/customers/%2e%2e/audit',
      '/api/customers/customers/a%2Fb',
      '/api/nowhere/customers',
    ]) {
      const response = await admin.call('GET', path);
      expect([path, response.status]).toEqual([path, 404]);
    }
    const erase = await admin.call('DELETE', `/api/customers/customers/${randomUUID()}`);
    expect(erase.status).toBe(404);
  });

  it('opens the queue dashboard for an admin’s session only', async () => {
    const admin = new ConsoleSession(consoleApp.url);
    await admin.signIn(userOf('admin'));
    const page = await admin.call('GET', '/admin/queues');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const rep = new ConsoleSession(consoleApp.url);
    await rep.signIn(userOf('sales_rep'));
    expect((await rep.call('GET', '/admin/queues')).status).toBe(403);
  });

  it('has a demo user for every role a person signs in with (not the data-protection and machine roles)', () => {
    expect(ROLES.filter((role) => !SIGNED_IN_ROLES.includes(role)).sort()).toEqual([
      'data_protection_officer',
      'personal_data_reader',
    ]);
  });

  it.each(SIGNED_IN_ROLES)(
    '%s: every console route is forwarded to the roles it names, refused to the others',
    async (role) => {
      const browser = new ConsoleSession(consoleApp.url);
      await browser.signIn(userOf(role));
      const outcomes: string[] = [];
      for (const route of CONSOLE_ROUTES) {
        const allowed = route.roles.includes(role);
        const response = await browser.call(
          route.method,
          `/api/${route.service}${concretePath(route.path)}`,
          route.method === 'GET' ? {} : { body: {}, headers: { 'idempotency-key': randomUUID() } },
        );
        const refusedBy = response.status === 403 ? String(response.json()['type']) : '';
        const verdict = allowed
          ? response.status === 401 || response.status === 403 || response.status >= 500
            ? `refused (${response.status} ${refusedBy})`
            : 'forwarded'
          : response.status === 403 && refusedBy === 'urn:crm:problem:role-not-allowed'
            ? 'refused by the console'
            : `let through (${response.status})`;
        outcomes.push(`${route.method} ${route.service} ${route.path}: ${verdict}`);
      }
      expect(outcomes).toEqual(
        CONSOLE_ROUTES.map(
          (route) =>
            `${route.method} ${route.service} ${route.path}: ${
              route.roles.includes(role) ? 'forwarded' : 'refused by the console'
            }`,
        ),
      );
    },
  );
});
