/**
 * `npm run demo`: fills a running system through its public HTTP APIs with a realistic customer
 * base (the bench's generator), so a newcomer sees tiers, CSI, lifecycle stages and a funnel
 * within minutes of `npm start`. Idempotent: re-running with the same seed adds nothing twice
 * (purchases are de-duplicated by order reference, commands carry Idempotency-Keys).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { SignJWT } from 'jose';
import { OPPORTUNITY_STAGES } from '@crm/contracts';
import { eventually } from '@crm/testing';
import { demoCustomers, seededRandom, type DemoCustomer } from './generator';
import { runConcurrently } from './support';

export interface DemoOptions {
  readonly customers: number;
  readonly seed: number;
  readonly concurrency: number;
  readonly urls: { customers: string; visits: string; complaints: string; analytics: string };
  readonly secret: string;
  /** `iss` and `aud` the services check (JWT_ISSUER, JWT_AUDIENCE). */
  readonly issuer: string;
  readonly audience: string;
  readonly log: (line: string) => void;
  /** How long to wait, after the last command, for every read model to catch up (ms). */
  readonly settleTimeoutMs?: number;
}

export interface DemoSummary {
  readonly customers: number;
  readonly contacts: number;
  readonly purchases: number;
  readonly visits: number;
  readonly opportunities: number;
  readonly complaints: number;
  readonly analytics: Record<string, number>;
}

type Json = Record<string, unknown>;

/**
 * Events the consumer groups of one service have yet to apply (`GET /health/consumers`);
 * `undefined` while a group cannot tell (starting, a broker hiccup).
 */
async function eventsBehind(base: string): Promise<number | undefined> {
  const response = await fetch(`${base}/health/consumers`);
  if (!response.ok) return undefined;
  const { behind } = (await response.json()) as { behind: number | null };
  return behind ?? undefined;
}

/**
 * Waits until no service has an event left to project, read twice a second apart (the outbox
 * relays publish as soon as a command is stored, so a settled read means the dashboards show
 * everything the demo made). Gives up after `timeoutMs` with a warning, not a failure: the read
 * models keep catching up on their own.
 */
async function waitUntilProjected(
  urls: DemoOptions['urls'],
  log: DemoOptions['log'],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let settledReads = 0;
  let lastReport = 0;
  let behind: number | undefined;
  while (Date.now() < deadline) {
    const counts = await Promise.all(
      Object.values(urls).map((base) => eventsBehind(base).catch(() => undefined)),
    );
    behind = counts.some((count) => count === undefined)
      ? undefined
      : counts.reduce<number>((sum, count) => sum + count!, 0);
    settledReads = behind === 0 ? settledReads + 1 : 0;
    if (settledReads >= 2) return;
    if (Date.now() - lastReport >= 5_000) {
      log(`waiting for the read models: ${behind ?? 'unknown number of'} events still to project…`);
      lastReport = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  log(
    `the read models are still ${behind ?? 'an unknown number of'} events behind after ` +
      `${Math.round(timeoutMs / 1000)} s; the dashboards fill in as they catch up`,
  );
}

class DemoClient {
  constructor(
    private readonly token: string,
    private readonly seed: number,
  ) {}

  /** One call; any status outside `accept` stops the demo with the problem document. */
  async call(
    base: string,
    method: string,
    path: string,
    body?: unknown,
    { accept = [200, 201], key }: { accept?: number[]; key?: string } = {},
  ): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key ? { 'idempotency-key': `demo-${this.seed}-${key}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed = (text ? JSON.parse(text) : {}) as Json;
    if (!accept.includes(response.status)) {
      throw new Error(`${method} ${base}${path} → ${response.status}: ${text.slice(0, 500)}`);
    }
    return { status: response.status, body: parsed };
  }
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

async function seedCustomer(client: DemoClient, urls: DemoOptions['urls'], customer: DemoCustomer) {
  const registered = await client.call(urls.customers, 'POST', '/customers', customer.card, {
    key: `register-${customer.key}`,
    accept: [200, 201],
  });
  const customerId = registered.body['customerId'] as string;
  for (const [index, contact] of customer.contacts.entries()) {
    await client.call(urls.customers, 'POST', `/customers/${customerId}/contacts`, contact, {
      key: `contact-${customer.key}-${index}`,
    });
  }
  for (const purchase of customer.purchases) {
    await client.call(
      urls.customers,
      'POST',
      `/customers/${customerId}/purchases`,
      {
        amount: purchase.amount,
        currency: 'CNY',
        occurredAt: purchase.occurredAt.toISOString(),
        productLine: 'cold-chain equipment',
        sourceSystem: 'demo-erp',
        orderReference: purchase.orderReference,
      },
      { key: `purchase-${purchase.orderReference}` },
    );
  }
  return customerId;
}

/** Visits need the customer in the visits service's directory, which follows the customers topic. */
async function visitAndSell(
  client: DemoClient,
  urls: DemoOptions['urls'],
  customerId: string,
  index: number,
  random: () => number,
): Promise<{ visits: number; opportunities: number }> {
  const visit = await eventually(
    async () => {
      const response = await client.call(
        urls.visits,
        'POST',
        '/visits',
        {
          customerId,
          plannedDate: isoDay(new Date()),
          channel: 'face_to_face',
          purpose: 'Quarterly review of the cold-chain installation',
        },
        { key: `visit-${customerId}`, accept: [200, 201, 404, 422] },
      );
      return response.status < 300 ? response.body : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: `customer ${customerId} known to visits` },
  );
  await client.call(
    urls.visits,
    'POST',
    `/visits/${visit['visitId'] as string}/complete`,
    {
      outcome: 'Reviewed the installation; asked for a quote on a second line.',
      feedbackScore: 2 + Math.floor(random() * 4),
      progress: random() < 0.5 ? ['demo_agreed'] : [],
    },
    { key: `visit-complete-${customerId}`, accept: [200, 201, 409] },
  );
  if (index % 3 !== 0) return { visits: 1, opportunities: 0 };
  const stage = OPPORTUNITY_STAGES[index % OPPORTUNITY_STAGES.length]!;
  await client.call(
    urls.visits,
    'POST',
    '/opportunities',
    {
      customerId,
      title: 'Second cold-storage line',
      amount: Math.round(50 + random() * 450) * 1000,
      currency: 'CNY',
      expectedCloseDate: isoDay(new Date(Date.now() + Math.round(10 + random() * 60) * 86_400_000)),
      stage,
    },
    { key: `opportunity-${customerId}` },
  );
  return { visits: 1, opportunities: 1 };
}

/** A complaint worked through the whole D7 workflow to a closing satisfaction score. */
async function complainAndClose(
  client: DemoClient,
  /** Four eyes: the plan is approved by someone other than its proposer. */
  approver: DemoClient,
  urls: DemoOptions['urls'],
  customerId: string,
  random: () => number,
): Promise<void> {
  const complaint = {
    customerId,
    channel: 'phone',
    category: random() < 0.5 ? 'delivery' : 'product_quality',
    severity: random() < 0.2 ? 'high' : 'medium',
    description: 'The delivery arrived two days late and one unit was dented.',
    customerWords: 'We had to delay opening the new store.',
  };
  // Complaints learns the customer from the customers topic and refuses it (422) until then
  // (ADR 141); a refused request stored nothing, so it is sent again with the same key.
  const recorded = await eventually(
    async () => {
      const response = await client.call(urls.complaints, 'POST', '/complaints', complaint, {
        key: `complaint-${customerId}`,
        accept: [200, 201, 422],
      });
      return response.status < 300 ? response.body : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: `customer ${customerId} known to complaints` },
  );
  const complaintId = recorded['complaintId'] as string;
  const steps: [string, Json][] = [
    ['validate', { wellFounded: true, note: 'Carrier records confirm the delay.' }],
    [
      'assign',
      {
        department: 'logistics',
        handlerId: 'agent-demo',
        causeAnalysis: 'Carrier missed the slot.',
      },
    ],
    ['propose', { plan: 'compensation', description: 'Credit note for the delay.', cost: 800 }],
    ['approve', {}],
    ['notify-customer', { channel: 'phone' }],
    ['customer-response', { agreed: true }],
    ['implement', { note: 'Credit note issued.' }],
    [
      'accountability',
      { responsiblePerson: 'logistics lead', actionTaken: 'Carrier SLA reviewed.' },
    ],
    [
      'close',
      { satisfaction: 1 + Math.floor(random() * 5), summary: 'Compensated; carrier changed.' },
    ],
  ];
  for (const [step, body] of steps) {
    await (step === 'approve' ? approver : client).call(
      urls.complaints,
      'POST',
      `/complaints/${complaintId}/${step}`,
      body,
      {
        key: `complaint-${customerId}-${step}`,
        accept: [200, 201, 409],
      },
    );
  }
}

export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const { urls, log } = options;
  const tokenOf = (subject: string) =>
    new SignJWT({ roles: ['admin', 'supervisor', 'service_agent'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(new TextEncoder().encode(options.secret));
  const client = new DemoClient(await tokenOf('demo-loader'), options.seed);
  const approver = new DemoClient(await tokenOf('demo-approver'), options.seed);
  // Today at midnight UTC: a re-run on the same day regenerates exactly the same data.
  const asOf = new Date(`${isoDay(new Date())}T00:00:00.000Z`);
  const customers = demoCustomers(options.customers, asOf, options.seed);
  /** Per-customer randomness, so a re-run sends the same bodies with the same idempotency keys. */
  const randomFor = (index: number) => seededRandom(options.seed * 100_003 + index);

  log(`registering ${customers.length} customers with contacts and purchases…`);
  const ids: string[] = new Array<string>(customers.length);
  await runConcurrently(customers.length, options.concurrency, async (index) => {
    ids[index] = await seedCustomer(client, urls, customers[index]!);
  });

  log('logging visits and opening opportunities…');
  let visits = 0;
  let opportunities = 0;
  const visited = ids.filter((_, index) => index % 2 === 0);
  await runConcurrently(visited.length, options.concurrency, async (index) => {
    const made = await visitAndSell(client, urls, visited[index]!, index, randomFor(index));
    visits += made.visits;
    opportunities += made.opportunities;
  });

  log('working complaints through to closure…');
  const complaining = ids.filter((_, index) => index % 7 === 3);
  await runConcurrently(complaining.length, options.concurrency, async (index) => {
    await complainAndClose(client, approver, urls, complaining[index]!, randomFor(index));
  });

  log('asking analytics to recompute tiers and lifecycle stages…');
  const analytics: Record<string, number> = {};
  for (const path of ['/analytics/tiers/recompute', '/analytics/lifecycle/recompute']) {
    const response = await client.call(
      urls.analytics,
      'POST',
      path,
      {},
      { accept: [200, 201, 202, 404] },
    );
    analytics[path] = response.status;
  }
  await waitUntilProjected(urls, log, options.settleTimeoutMs ?? 600_000);
  const summary: DemoSummary = {
    customers: ids.length,
    contacts: customers.reduce((sum, customer) => sum + customer.contacts.length, 0),
    purchases: customers.reduce((sum, customer) => sum + customer.purchases.length, 0),
    visits,
    opportunities,
    complaints: complaining.length,
    analytics,
  };
  log(`done: ${JSON.stringify(summary)}`);
  return summary;
}

const positive = (value: string) => {
  const parsed = Number.parseInt(value, 10);
  if (!Number.isSafeInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError('a positive integer');
  return parsed;
};

/** A setting from the environment, else from scripts/local.env (what `npm start` runs with). */
const localSetting = (name: string): string => {
  const given = process.env[name];
  if (given) return given;
  const file = readFileSync(join(__dirname, '..', '..', 'scripts', 'local.env'), 'utf8');
  const line = file.split('\n').find((entry) => entry.startsWith(`${name}=`));
  return line?.slice(name.length + 1).trim() ?? '';
};

if (require.main === module) {
  const options = new Command()
    .name('demo')
    .description('Fill a running system with a realistic customer base through its APIs')
    .option('--customers <n>', 'customers to create', positive, 200)
    .option('--seed <n>', 'data seed (same seed, same data: re-running adds nothing)', positive, 7)
    .option('--concurrency <n>', 'requests in flight', positive, 8)
    .option(
      '--settle-timeout <seconds>',
      'how long to wait at the end for every read model to catch up',
      positive,
      600,
    )
    .option('--customers-url <url>', 'customers service', 'http://127.0.0.1:3001')
    .option('--visits-url <url>', 'visits service', 'http://127.0.0.1:3002')
    .option('--complaints-url <url>', 'complaints service', 'http://127.0.0.1:3003')
    .option('--analytics-url <url>', 'analytics service', 'http://127.0.0.1:3004')
    .parse()
    .opts<{
      customers: number;
      seed: number;
      concurrency: number;
      settleTimeout: number;
      customersUrl: string;
      visitsUrl: string;
      complaintsUrl: string;
      analyticsUrl: string;
    }>();
  runDemo({
    customers: options.customers,
    seed: options.seed,
    concurrency: options.concurrency,
    settleTimeoutMs: options.settleTimeout * 1000,
    urls: {
      customers: options.customersUrl,
      visits: options.visitsUrl,
      complaints: options.complaintsUrl,
      analytics: options.analyticsUrl,
    },
    secret: localSetting('JWT_SECRET'),
    issuer: localSetting('JWT_ISSUER'),
    audience: localSetting('JWT_AUDIENCE'),
    log: (line) => process.stdout.write(`[demo] ${line}\n`),
  }).catch((error: unknown) => {
    process.stderr.write(
      `[demo] failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
