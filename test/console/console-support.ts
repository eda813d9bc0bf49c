import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  TEST_JWT_AUDIENCE,
  TEST_JWT_ISSUER,
  TEST_JWT_SECRET,
  testTopicPrefix,
  type RunningService,
} from '@crm/testing';
import { ConsoleAppModule } from '@apps/console/src/console-app.module';
import { loadConsoleConfig } from '@apps/console/src/console.config';
import { configureConsoleApp } from '@apps/console/src/console-http';
import type { ServiceName } from '../resilience/system';

/** The console in this process, in front of the given services, as its main.ts would start it. */
export async function startConsole(
  services: Record<ServiceName, RunningService>,
  suffix: string,
  overrides: Record<string, string> = {},
  port = 0,
): Promise<RunningService> {
  const config = loadConsoleConfig({
    NODE_ENV: 'test',
    REDIS_URL: process.env['REDIS_URL'],
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    CUSTOMERS_URL: services.customers.url,
    VISITS_URL: services.visits.url,
    COMPLAINTS_URL: services.complaints.url,
    ANALYTICS_URL: services.analytics.url,
    SESSION_SECRET: `console-test-session-secret-${suffix}-0123456789`,
    SESSION_PREFIX: `test-${suffix}:sess:`,
    JWT_SECRET: TEST_JWT_SECRET,
    JWT_ISSUER: TEST_JWT_ISSUER,
    JWT_AUDIENCE: TEST_JWT_AUDIENCE,
    LOCAL_SIGN_IN: 'true',
    // Live updates from the suite's own topics, in a group of its own.
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
    KAFKA_TOPIC_PREFIX: testTopicPrefix(suffix),
    CONSUMER_GROUP_PREFIX: `test-${suffix}`,
    ...overrides,
  });
  const app = await NestFactory.create<NestExpressApplication>(ConsoleAppModule.with(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureConsoleApp(app, config);
  await app.listen(port, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, stop: () => app.close() };
}

/** A browser's view of the console over HTTP: its cookie jar (one session) and CSRF token. */
export class ConsoleSession {
  private cookie = '';
  csrfToken = '';

  constructor(private readonly baseUrl: string) {}

  async call(
    method: string,
    path: string,
    options: { body?: unknown; csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<{
    status: number;
    headers: Headers;
    text: string;
    json: () => Record<string, unknown>;
  }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.csrf === false || !this.csrfToken ? {} : { 'x-csrf-token': this.csrfToken }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const set = response.headers.getSetCookie().find((value) => value.startsWith('crm_console='));
    if (set) this.cookie = set.split(';')[0]!;
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: () => JSON.parse(text) as Record<string, unknown>,
    };
  }

  get sessionCookie(): string {
    return this.cookie;
  }

  /** GET /session (keeps its CSRF token), then the demo user's sign-in. */
  async signIn(userId: string): Promise<Record<string, unknown>> {
    const before = await this.call('GET', '/session');
    this.csrfToken = before.json()['csrfToken'] as string;
    const signedIn = await this.call('POST', '/session/local', { body: { userId } });
    if (signedIn.status !== 200)
      throw new Error(`sign-in as ${userId}: ${signedIn.status} ${signedIn.text}`);
    this.csrfToken = signedIn.json()['csrfToken'] as string;
    return signedIn.json();
  }
}

/** A port free now, for a server whose address must be known before it starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The test OIDC provider (oidc-test-provider.mjs) in its own process, for this client. */
export async function startTestProvider(client: {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
}): Promise<{ issuer: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['test/console/oidc-test-provider.mjs'], {
    env: {
      PATH: process.env['PATH'],
      CLIENT_ID: client.clientId,
      CLIENT_SECRET: client.clientSecret,
      REDIRECT_URI: client.redirectUri,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = /^ISSUER (\S+)$/m.exec(output);
      if (line) resolve(line[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the test provider exited ${code}: ${errors}`)));
  });
  return {
    issuer,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** One hop a browser made: where it went, the status and where it was sent next. */
export interface Hop {
  readonly url: string;
  readonly status: number;
  readonly location: string | null;
  readonly setCookies: readonly string[];
  readonly body: string;
}

/**
 * A browser's redirects across origins (the console and its provider), with a cookie jar per
 * origin, as a browser keeps them (no SameSite subtleties: the test checks the attributes).
 */
export class RedirectingBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  /** Follows redirects from `url`; `headersFor` adds headers to the requests of one origin. */
  async navigate(
    url: string,
    headersFor: (url: URL) => Record<string, string> = () => ({}),
    maxHops = 10,
  ): Promise<Hop[]> {
    const hops: Hop[] = [];
    let next: string | null = url;
    while (next && hops.length < maxHops) {
      const target: URL = new URL(next);
      const jar = this.jarOf(target.origin);
      const response: Response = await fetch(target, {
        redirect: 'manual',
        headers: {
          ...(jar.size > 0
            ? { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') }
            : {}),
          ...headersFor(target),
        },
      });
      const setCookies = response.headers.getSetCookie();
      for (const cookie of setCookies) {
        const [pair = ''] = cookie.split(';');
        const [name = '', ...value] = pair.split('=');
        if (/expires=Thu, 01 Jan 1970/i.test(cookie) || value.join('=') === '') jar.delete(name);
        else jar.set(name, value.join('='));
      }
      const location = response.headers.get('location');
      hops.push({
        url: target.href,
        status: response.status,
        location,
        setCookies,
        body: await response.text(),
      });
      next =
        response.status >= 300 && response.status < 400 && location
          ? new URL(location, target).href
          : null;
    }
    return hops;
  }

  /** The cookie header this browser would send to an origin. */
  cookieFor(origin: string): string {
    return [...this.jarOf(origin)].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private jarOf(origin: string): Map<string, string> {
    let jar = this.jars.get(origin);
    if (!jar) this.jars.set(origin, (jar = new Map()));
    return jar;
  }
}

/** What a `GET /live` stream delivered so far, as a browser's EventSource would read it. */
export interface LiveStream {
  readonly status: number;
  readonly notices: readonly { kind: string; customerId: string; [field: string]: unknown }[];
  close(): void;
}

/** Opens the console's live updates with a session's cookie; resolves once it is listening. */
export async function openLiveStream(baseUrl: string, cookie: string): Promise<LiveStream> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/live`, {
    headers: cookie ? { cookie, accept: 'text/event-stream' } : { accept: 'text/event-stream' },
    signal: abort.signal,
  });
  const notices: LiveStream['notices'][number][] = [];
  const stream = { status: response.status, notices, close: () => abort.abort() };
  if (response.status !== 200 || !response.body) {
    await response.body?.cancel();
    return stream;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let ready: () => void = () => undefined;
  const listening = new Promise<void>((resolve) => (ready = resolve));
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(frame)?.[1];
          const data = /^data: (.+)$/m.exec(frame)?.[1];
          if (event === 'ready') ready();
          if (event === 'notice' && data)
            notices.push(JSON.parse(data) as LiveStream['notices'][number]);
        }
      }
    } catch {
      // Closed by the test.
    }
  })();
  await listening;
  return stream;
}
