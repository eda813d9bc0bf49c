import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '@crm/contracts';
import { uniqueSuffix, type RunningService } from '@crm/testing';
import { CONSOLE_ROUTES } from '@apps/console/src/gateway/domain/console-routes';
import { DEMO_USERS } from '@apps/console/src/session/domain/demo-users';
import { bootSystem, SERVICES, type ServiceName } from '../resilience/system';
import {
  ConsoleSession,
  freePort,
  RedirectingBrowser,
  startConsole,
  startTestProvider,
  type Hop,
} from './console-support';

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
  let provider: Awaited<ReturnType<typeof startTestProvider>>;

  beforeAll(async () => {
    // The console signs in with the demo users and with an OIDC provider the test starts.
    const port = await freePort();
    const client = {
      clientId: `crm-console-${suffix}`,
      clientSecret: `client-secret-${suffix}-0123456789abcdef`,
      redirectUri: `http://127.0.0.1:${port}/session/oidc/callback`,
    };
    [system, provider] = await Promise.all([bootSystem(suffix), startTestProvider(client)]);
    consoleApp = await startConsole(
      system,
      suffix,
      {
        OIDC_ISSUER_URL: provider.issuer,
        OIDC_CLIENT_ID: client.clientId,
        OIDC_CLIENT_SECRET: client.clientSecret,
        OIDC_REDIRECT_URI: client.redirectUri,
        OIDC_SCOPES: 'openid profile crm',
        OIDC_ROLES_CLAIM: 'groups',
        OIDC_ROLE_MAP: 'crm-sales-reps=sales_rep,crm-sales-managers=sales_manager',
        OIDC_ALLOW_HTTP: 'true',
      },
      port,
    );
  }, 120_000);

  afterAll(async () => {
    await consoleApp?.stop();
    await provider?.stop();
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

  it("types its pages' calls with clients that match the services' OpenAPI documents (npm run console:api -- --check)", async () => {
    const urls = Object.fromEntries(
      SERVICES.map((service) => [`${service.toUpperCase()}_URL`, system[service].url]),
    );
    const checked = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['scripts/console-api.mjs', '--check'],
        { env: { ...process.env, ...urls } },
        (error, _stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stderr }),
      );
    });
    expect(checked).toEqual({ code: 0, stderr: '' });
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

  describe('OIDC sign-in (authorisation code with PKCE) against a provider the test starts', () => {
    /** The provider signs in `account` when the browser reaches its interaction. */
    const asAccount =
      (account: string) =>
      (url: URL): Record<string, string> =>
        url.origin === new URL(provider.issuer).origin ? { 'x-test-account': account } : {};

    const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./;

    /** What the browser was given in the whole round trip: URLs, redirects, cookies and pages. */
    const everythingSeen = (hops: readonly Hop[]) =>
      hops.map((hop) => [hop.url, hop.location, ...hop.setCookies, hop.body].join('\n')).join('\n');

    const sessionOf = async (browser: RedirectingBrowser) => {
      const response = await fetch(`${consoleApp.url}/session`, {
        headers: { cookie: browser.cookieFor(consoleApp.url) },
      });
      return (await response.json()) as { user: Record<string, unknown> | null; csrfToken: string };
    };

    it('signs a provider account in with the CRM roles its groups map to, and no token reaches the browser', async () => {
      const browser = new RedirectingBrowser();
      const anonymous = (await fetch(`${consoleApp.url}/session`).then((r) => r.json())) as {
        signInWithProvider: boolean;
      };
      expect(anonymous.signInWithProvider).toBe(true);

      const hops = await browser.navigate(
        `${consoleApp.url}/session/oidc/start`,
        asAccount('rep-east-1'),
      );
      // Sent to the provider with a state, a nonce and an S256 code challenge.
      const authorization = new URL(hops[0]!.location!);
      expect(authorization.origin).toBe(new URL(provider.issuer).origin);
      expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
      for (const parameter of ['state', 'nonce', 'code_challenge']) {
        expect([parameter, authorization.searchParams.get(parameter)?.length]).toEqual([
          parameter,
          43,
        ]);
      }
      expect(authorization.searchParams.get('code_verifier')).toBeNull();
      const transactionCookie = hops[0]!.setCookies.find((c) => c.startsWith('crm_console_oidc='));
      expect(transactionCookie).toMatch(/HttpOnly/i);
      expect(transactionCookie).toMatch(/SameSite=Lax/i);

      // Back at the console's callback, then at the console's home page, signed in.
      const callback = hops.find((hop) =>
        hop.url.startsWith(`${consoleApp.url}/session/oidc/callback`),
      );
      expect(callback?.status).toBe(303);
      expect(callback?.location).toBe('/');
      const sessionCookie = callback!.setCookies.find((c) => c.startsWith('crm_console='));
      expect(sessionCookie).toMatch(/HttpOnly/i);
      expect(sessionCookie).toMatch(/SameSite=Strict/i);
      expect(hops.at(-1)).toMatchObject({ url: `${consoleApp.url}/`, status: expect.any(Number) });
      expect(everythingSeen(hops)).not.toMatch(JWT);
      // No token travels in a URL: no token parameter, no JWT (random state and code values may
      // spell anything, so only a parameter name or a JWT's shape tells a token apart).
      const urls = hops.map((hop) => hop.url).join(' ');
      expect(urls).not.toMatch(/[?&#](access|id|refresh)_token=/i);
      expect(urls).not.toMatch(JWT);

      const session = await sessionOf(browser);
      expect(session.user).toEqual({
        userId: 'rep-east-1',
        name: '李伟',
        roles: ['sales_rep'],
        region: 'east',
      });
      expect(JSON.stringify(session)).not.toMatch(JWT);
      // The session calls the services with the token the console minted for it.
      const customers = await fetch(`${consoleApp.url}/api/customers/customers`, {
        headers: { cookie: browser.cookieFor(consoleApp.url) },
      });
      expect(customers.status).toBe(200);

      // Sign-out ends the session.
      const signOut = await fetch(`${consoleApp.url}/session`, {
        method: 'DELETE',
        headers: { cookie: browser.cookieFor(consoleApp.url), 'x-csrf-token': session.csrfToken },
      });
      expect(signOut.status).toBe(204);
      const after = await fetch(`${consoleApp.url}/api/customers/customers`, {
        headers: { cookie: browser.cookieFor(consoleApp.url) },
      });
      expect(after.status).toBe(401);
      expect((await sessionOf(browser)).user).toBeNull();
    });

    /** Starts a sign-in and stops at the provider's answer: the callback URL, not yet followed. */
    const answeredCallback = async (browser: RedirectingBrowser, account: string) => {
      const hops = await browser.navigate(`${consoleApp.url}/session/oidc/start`, (url) =>
        url.pathname.startsWith('/session/oidc/callback') ? {} : asAccount(account)(url),
      );
      return hops.find((hop) => hop.url.includes('/session/oidc/callback'));
    };

    it('refuses a tampered state, a state from another browser, and a replayed answer', async () => {
      // The provider's answer is captured by stopping before the callback.
      const capture = async (account: string) => {
        const browser = new RedirectingBrowser();
        const start = await browser.navigate(
          `${consoleApp.url}/session/oidc/start`,
          asAccount(account),
          1,
        );
        let next = new URL(start[0]!.location!, consoleApp.url).href;
        for (
          let hop = 0;
          hop < 8 && !next.startsWith(`${consoleApp.url}/session/oidc/callback`);
          hop += 1
        ) {
          const [step] = await browser.navigate(next, asAccount(account), 1);
          next = new URL(step!.location!, next).href;
        }
        return { browser, callbackUrl: new URL(next) };
      };

      const mine = await capture('rep-east-1');
      const theirs = await capture('manager-east');

      const tampered = new URL(mine.callbackUrl);
      tampered.searchParams.set('state', `${mine.callbackUrl.searchParams.get('state')}x`);
      const [refused] = await mine.browser.navigate(tampered.href, () => ({}), 1);
      expect(refused!.status).toBe(400);
      expect(JSON.parse(refused!.body)).toMatchObject({
        type: 'urn:crm:problem:sign-in-state-invalid',
        errors: [{ field: 'state' }],
      });
      expect((await sessionOf(mine.browser)).user).toBeNull();
      // The transaction is spent by the refused attempt: even the right answer is refused now.
      const [replayed] = await mine.browser.navigate(mine.callbackUrl.href, () => ({}), 1);
      expect(replayed!.status).toBe(400);
      expect((await sessionOf(mine.browser)).user).toBeNull();

      // Another browser's answer (its code and state) is refused in this one (login CSRF).
      const other = await capture('rep-east-1');
      const [foreign] = await other.browser.navigate(theirs.callbackUrl.href, () => ({}), 1);
      expect(foreign!.status).toBe(400);
      expect(JSON.parse(foreign!.body)).toMatchObject({ errors: [{ field: 'state' }] });
      expect((await sessionOf(other.browser)).user).toBeNull();

      // A callback with no sign-in under way at all.
      const stranger = new RedirectingBrowser();
      const [unasked] = await stranger.navigate(theirs.callbackUrl.href, () => ({}), 1);
      expect(unasked!.status).toBe(400);
      expect((await sessionOf(stranger)).user).toBeNull();
    });

    it('refuses an account the provider grants no CRM role', async () => {
      const browser = new RedirectingBrowser();
      const callback = await answeredCallback(browser, 'outsider-1');
      expect(callback?.status).toBe(403);
      expect(JSON.parse(callback!.body)).toMatchObject({ type: 'urn:crm:problem:no-console-role' });
      expect((await sessionOf(browser)).user).toBeNull();
    });
  });
});
