import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import {
  eventually,
  serviceEnv,
  signToken,
  TEST_JWT_AUDIENCE,
  TEST_JWT_ISSUER,
  TEST_JWT_SECRET,
  uniqueSuffix,
  type RunningService,
} from '@crm/testing';
import { bootService, recordMetrics } from './system';

const root = join(__dirname, '..', '..');
const json = { 'content-type': 'application/json' };

describe('security: headers, body size, rate limit', () => {
  const suffix = uniqueSuffix();
  let customers: RunningService;
  let token: string;

  beforeAll(async () => {
    customers = await bootService('customers', suffix, {
      RATE_LIMIT_MAX: '20',
      RATE_LIMIT_WINDOW_MS: '60000',
    });
    token = await signToken({ sub: `rep-${suffix}`, roles: ['sales_rep'] });
  });
  afterAll(() => customers?.stop());

  it('answers every request with the security headers of helmet and no x-powered-by', async () => {
    for (const path of ['/customers', '/health/live', '/no-such-route']) {
      const response = await fetch(`${customers.url}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('refuses a body above the configured limit with 413 problem+json before any handler', async () => {
    const response = await fetch(`${customers.url}/customers`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'x'.repeat(300 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({
      type: 'urn:crm:problem:payload-too-large',
      status: 413,
    });
  });

  it('limits each client to the configured rate: 429 problem+json with Retry-After, other clients unaffected', async () => {
    const greedy = await signToken({ sub: `greedy-${suffix}`, roles: ['sales_rep'] });
    // The window is fixed (60 s): begin well inside one, so all 25 requests count together.
    const toBoundary = 60_000 - (Date.now() % 60_000);
    if (toBoundary < 3_000) await new Promise((resolve) => setTimeout(resolve, toBoundary + 50));
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 25; i += 1) {
      const response = await fetch(`${customers.url}/customers?limit=1`, {
        headers: { authorization: `Bearer ${greedy}` },
      });
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
      else await response.arrayBuffer();
    }
    expect(statuses.slice(0, 20).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    expect(limited!.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited!.json()).toMatchObject({
      type: 'urn:crm:problem:rate-limited',
      status: 429,
    });
    // Another client, and the health probes, still get through.
    const other = await signToken({ sub: `other-${suffix}`, roles: ['sales_rep'] });
    expect(
      (
        await fetch(`${customers.url}/customers?limit=1`, {
          headers: { authorization: `Bearer ${other}` },
        })
      ).status,
    ).toBe(200);
    expect((await fetch(`${customers.url}/health/live`)).status).toBe(200);
  });
});

describe('security: the rate limit counts verified subjects and real addresses', () => {
  const suffix = uniqueSuffix();
  let customers: RunningService;

  beforeAll(async () => {
    customers = await bootService('customers', suffix, {
      RATE_LIMIT_MAX: '10',
      RATE_LIMIT_WINDOW_MS: '60000',
    });
  });
  afterAll(() => customers?.stop());

  /** A distinct token of the same subject each time (another nonce), as a forger would mint. */
  const variantOf = (sub: string, nonce: number) =>
    new SignJWT({ roles: ['sales_rep'], nonce })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(TEST_JWT_ISSUER)
      .setAudience(TEST_JWT_AUDIENCE)
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));

  it('gives token variants of one subject and spoofed X-Forwarded-For addresses one counter', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i += 1) {
      const response = await fetch(`${customers.url}/customers?limit=1`, {
        headers: {
          authorization: `Bearer ${await variantOf(`spoofer-${suffix}`, i)}`,
          'x-forwarded-for': `203.0.113.${i + 1}`,
        },
      });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 10).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
  });

  it('counts callers without a valid token by their real address, not the one they claim', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i += 1) {
      const response = await fetch(`${customers.url}/customers?limit=1`, {
        headers: {
          authorization: 'Bearer not.a.valid-token',
          'x-forwarded-for': `198.51.100.${i + 1}`,
        },
      });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(10);
  });
});

describe('security: an Idempotency-Key binds to the operation, not to how its path is spelled', () => {
  const suffix = uniqueSuffix();
  let customers: RunningService;
  let token: string;

  beforeAll(async () => {
    customers = await bootService('customers', suffix);
    token = await signToken({ sub: `admin-${suffix}`, roles: ['admin'] });
  });
  afterAll(() => customers?.stop());

  const post = (path: string, body: unknown, key?: string) =>
    fetch(`${customers.url}${path}`, {
      method: 'POST',
      headers: {
        ...json,
        authorization: `Bearer ${token}`,
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(body),
    });

  it('redeems once for one key on /customers/{id}/points/redeem, /Customers/… and …/redeem/', async () => {
    const registered = await post('/customers', {
      name: `Idempotent ${suffix}`,
      nature: 'ordinary_company',
      region: 'east',
      ownerId: `rep-${suffix}`,
    });
    const { customerId } = (await registered.json()) as { customerId: string };
    const purchase = await post(`/customers/${customerId}/purchases`, {
      amount: 5_000_000_000.5,
      currency: 'CNY',
      occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
      productLine: 'pumps',
      sourceSystem: 'erp',
      orderReference: `SO-${suffix}`,
    });
    expect(purchase.status).toBe(201);
    const key = `redeem-${suffix}`;
    const body = { points: 1_000, voucher: '春节礼券' };
    const spellings = [
      `/customers/${customerId}/points/redeem`,
      `/Customers/${customerId}/points/redeem`,
      `/customers/${customerId}/points/redeem/`,
    ];
    const answers = [];
    for (const path of spellings) {
      const response = await post(path, body, key);
      answers.push({
        status: response.status,
        replayed: response.headers.get('idempotent-replayed'),
        body: (await response.json()) as Record<string, unknown>,
      });
    }
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    expect(answers.map((answer) => answer.replayed)).toEqual([null, 'true', 'true']);
    expect(new Set(answers.map((answer) => answer.body['version'])).size).toBe(1);
    // The stream took one redemption: a fresh key redeems on top of exactly one.
    const fresh = await post(`/customers/${customerId}/points/redeem`, body, `${key}-2`);
    expect(((await fresh.json()) as { version: number }).version).toBe(
      (answers[0]!.body['version'] as number) + 1,
    );
  });
});

/** A JWKS endpoint whose keys the test rotates, as an identity provider would. */
class JwksServer {
  keys: JWK[] = [];
  fetches = 0;
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((_, response) => {
      this.fetches += 1;
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: this.keys }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const signingKey = async (kid: string) => {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return {
    kid,
    privateKey,
    jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
  };
};

describe('security: JWT verified against a JWKS URL, keys rotated', () => {
  const suffix = uniqueSuffix();
  const jwks = new JwksServer();
  let customers: RunningService;

  beforeAll(async () => {
    await jwks.start();
    customers = await bootService('customers', suffix, {
      JWT_JWKS_URL: jwks.url,
      JWT_JWKS_COOLDOWN_MS: '100',
      JWT_JWKS_CACHE_MS: '1000',
    });
  });
  afterAll(async () => {
    await customers?.stop();
    await jwks.stop();
  });

  const tokenBy = (key: Awaited<ReturnType<typeof signingKey>>) =>
    new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuer(TEST_JWT_ISSUER)
      .setAudience(TEST_JWT_AUDIENCE)
      .setSubject(`admin-${suffix}`)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key.privateKey);
  const statusWith = async (token: string) =>
    (
      await fetch(`${customers.url}/customers?limit=1`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).status;

  it('accepts tokens of the current key, of a new key once published, and refuses a retired key', async () => {
    const first = await signingKey(`k1-${suffix}`);
    const second = await signingKey(`k2-${suffix}`);
    jwks.keys = [first.jwk];
    expect(await statusWith(await tokenBy(first))).toBe(200);
    // The shared secret no longer opens anything once a JWKS is configured.
    expect(await statusWith(await signToken({ sub: 'x', roles: ['admin'] }))).toBe(401);
    // A key the identity provider has not published yet is refused.
    expect(await statusWith(await tokenBy(second))).toBe(401);

    // Rotation: the new key is published beside the old one, then the old one is retired.
    jwks.keys = [first.jwk, second.jwk];
    await eventually(
      async () => ((await statusWith(await tokenBy(second))) === 200 ? true : undefined),
      {
        timeoutMs: 5_000,
        what: 'a token of the new key to be accepted',
      },
    );
    expect(await statusWith(await tokenBy(first))).toBe(200);
    jwks.keys = [second.jwk];
    await eventually(
      async () => ((await statusWith(await tokenBy(first))) === 401 ? true : undefined),
      {
        timeoutMs: 5_000,
        what: 'a token of the retired key to be refused',
      },
    );
    expect(await statusWith(await tokenBy(second))).toBe(200);
    expect(jwks.fetches).toBeGreaterThanOrEqual(2);
  });
});

describe('security: no personal data or secrets in the logs', () => {
  let child: ChildProcess | undefined;
  let output = '';

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('logs requests carrying phone numbers, e-mail addresses and tokens without any of them', async () => {
    const main = join(root, 'dist/apps/customers/src/main.js');
    if (!existsSync(main))
      throw new Error('dist/ is missing: npm test builds it first (or run npm run build)');
    const suffix = uniqueSuffix();
    const env = serviceEnv('customers', suffix, { LOG_LEVEL: 'trace', PORT: '0' });
    child = spawn(process.execPath, [main], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const url = await eventually(
      async () =>
        /listening on (http:\/\/[^\s"]+)/.exec(output)?.[1]?.replace('[::1]', '127.0.0.1'),
      {
        timeoutMs: 30_000,
        what: 'the service to listen',
      },
    );

    const token = await signToken({ sub: `rep-${suffix}`, roles: ['sales_rep'] });
    const phone = '+86 139 1234 5678';
    const email = `li.wei.${suffix}@lianhua-trading.example`;
    const contactName = `Wei Secretname${suffix}`;
    const idempotencyKey = `idem-${suffix}-secret`;
    const headers = {
      ...json,
      authorization: `Bearer ${token}`,
      'idempotency-key': idempotencyKey,
    };
    const registered = await fetch(`${url}/customers`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: `Lianhua ${suffix}`,
        nature: 'ordinary_company',
        region: 'east',
        ownerId: `rep-${suffix}`,
      }),
    });
    expect(registered.status).toBe(201);
    const { customerId } = (await registered.json()) as { customerId: string };
    const contact = await fetch(`${url}/customers/${customerId}/contacts`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: contactName, phone, email, buyingRole: 'decision_maker' }),
    });
    expect(contact.status).toBeLessThan(500);
    // Failures log too: a bad body with the same data, a bad token, a search by e-mail.
    await fetch(`${url}/customers/${customerId}/contacts`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: contactName, phone, email, unknownField: email }),
    });
    await fetch(`${url}/customers`, { headers: { authorization: `Bearer ${token}x` } });
    await fetch(`${url}/customers?q=${encodeURIComponent(contactName)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await fetch(`${url}/customers`, {
      method: 'POST',
      headers,
      body: `{"phone":"${phone}", broken`,
    });
    await eventually(async () => (output.includes(`/customers?q=`) ? true : undefined), {
      timeoutMs: 5_000,
      what: 'the request lines to be logged',
    });

    expect(output).toContain(customerId); // the requests were logged...
    for (const secret of [
      phone,
      phone.replace(/\s/g, ''),
      email,
      contactName,
      // The search term as it travels in the URL: query values never reach the logs.
      encodeURIComponent(contactName),
      token,
      token.split('.')[2]!,
      idempotencyKey,
      env.JWT_SECRET,
    ]) {
      expect({ secret, logged: output.includes(secret) }).toEqual({ secret, logged: false });
    }
    recordMetrics('security', {
      'log lines checked for personal data': output.split('\n').filter(Boolean).length,
    });
  });
});
