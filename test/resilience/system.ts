import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reservePort, serviceEnv, type RunningService } from '@crm/testing';
import { startAnalytics, startComplaints, startCustomers, startVisits } from '../service-support';

export const SERVICES = ['customers', 'visits', 'complaints', 'analytics'] as const;
export type ServiceName = (typeof SERVICES)[number];

const starters: Record<ServiceName, (env: Record<string, string>) => Promise<RunningService>> = {
  customers: startCustomers,
  visits: startVisits,
  complaints: startComplaints,
  analytics: startAnalytics,
};

/** The environment one service of the system under test gets (private databases and topics). */
export const envOf = (
  service: ServiceName,
  suffix: string,
  overrides: Record<string, string> = {},
) => serviceEnv(service, suffix, overrides);

/** The customers service's port of each system: the others open its sealed records through it. */
const customersPorts = new Map<string, Promise<number>>();
const customersPortOf = (suffix: string): Promise<number> => {
  if (!customersPorts.has(suffix)) customersPorts.set(suffix, reservePort());
  return customersPorts.get(suffix)!;
};

/** Boots one service in this process, as its main.ts would. */
export async function bootService(
  service: ServiceName,
  suffix: string,
  overrides: Record<string, string> = {},
): Promise<RunningService> {
  const port = String(await customersPortOf(suffix));
  const keyApi: Record<string, string> =
    service === 'customers' ? { PORT: port } : { CUSTOMERS_URL: `http://127.0.0.1:${port}` };
  return starters[service](envOf(service, suffix, { ...keyApi, ...overrides }));
}

/** Boots the four services side by side. */
export async function bootSystem(
  suffix: string,
  overrides: Record<string, string> = {},
): Promise<Record<ServiceName, RunningService>> {
  const started = await Promise.all(
    SERVICES.map((service) => bootService(service, suffix, overrides)),
  );
  return Object.fromEntries(SERVICES.map((service, index) => [service, started[index]!])) as Record<
    ServiceName,
    RunningService
  >;
}

export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, unknown>>;
}

/** The OpenAPI document a running service serves. */
export async function openApiOf(url: string): Promise<OpenApiDocument> {
  const response = await fetch(`${url}/docs/openapi.json`);
  if (response.status !== 200)
    throw new Error(`${url}/docs/openapi.json answered ${response.status}`);
  return (await response.json()) as OpenApiDocument;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of a document as `METHOD /path/{param}`. */
export const operationsOf = (document: OpenApiDocument): string[] =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => method in item).map(
      (method) => `${method.toUpperCase()} ${path}`,
    ),
  );

/**
 * Each resilience suite records its numbers here; scripts/resilience-summary.mjs prints them as
 * one table (RESILIENCE_REPORT_DIR, default .cache/resilience).
 */
export function recordMetrics(suite: string, metrics: Record<string, number | string>): void {
  const dir =
    process.env['RESILIENCE_REPORT_DIR'] ?? join(__dirname, '..', '..', '.cache', 'resilience');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${suite}.json`),
    JSON.stringify({ suite, at: new Date().toISOString(), ...metrics }),
  );
}
