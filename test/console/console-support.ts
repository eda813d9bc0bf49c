import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { TEST_JWT_SECRET, type RunningService } from '@crm/testing';
import { ConsoleAppModule } from '@apps/console/src/console-app.module';
import { loadConsoleConfig } from '@apps/console/src/console.config';
import { configureConsoleApp } from '@apps/console/src/console-http';
import type { ServiceName } from '../resilience/system';

/** The console in this process, in front of the given services, as its main.ts would start it. */
export async function startConsole(
  services: Record<ServiceName, RunningService>,
  suffix: string,
  overrides: Record<string, string> = {},
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
    LOCAL_SIGN_IN: 'true',
    ...overrides,
  });
  const app = await NestFactory.create<NestExpressApplication>(ConsoleAppModule.with(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureConsoleApp(app, config);
  await app.listen(0, '127.0.0.1');
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
