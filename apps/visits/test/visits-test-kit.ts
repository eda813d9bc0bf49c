import type { Producer } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { Topics, type BoundedContext, type CustomerTier } from '@crm/contracts';
import { toCloudEvent, toOutboundRecord } from '@crm/event-store';
import {
  serviceEnv,
  serviceStarter,
  signToken,
  testKafka,
  testTopic,
  TopicTap,
  type RunningService,
  type TokenClaims,
} from '@crm/testing';
import { VisitsAppModule } from '@apps/visits/src/visits-app.module';
import { loadVisitsConfig } from '@apps/visits/src/visits.config';

/** How long a visits instance may take to know a customer published to the customers topic. */
export const CATCH_UP_MS = 45_000;

/** One visits instance on real infrastructure; tests share a database between two of them when asked. */
export const startVisits = serviceStarter(loadVisitsConfig, VisitsAppModule, 'visits');

export function visitsEnv(
  suffix: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return serviceEnv('visits', suffix, {
    JOBS_PREFIX: `test-${suffix}`,
    VISITS_DEFAULT_TIME_ZONE: 'UTC',
    ...overrides,
  });
}

/** Publishes what other services would: recorded CustomerRegistered and CustomerTierChanged events. */
export class UpstreamEvents {
  private readonly producer: Producer;
  private readonly sequences = new Map<string, number>();

  /** `suffix`: the one the visits instances under test were started with (their topics). */
  constructor(private readonly suffix: string) {
    const kafka = testKafka(`visits-upstream-${uuidv7()}`);
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async registerCustomer(customer: {
    ownerId: string;
    region: string;
    name?: string;
  }): Promise<string> {
    const customerId = uuidv7();
    await this.send('customers', customerId, customerId, 'CustomerRegistered', {
      customerId,
      name: customer.name ?? `Customer ${customerId.slice(-6)}`,
      nature: 'ordinary_company',
      region: customer.region,
      ownerId: customer.ownerId,
      registeredAt: new Date().toISOString(),
    });
    return customerId;
  }

  async changeTier(
    customerId: string,
    previousTier: CustomerTier | null,
    tier: CustomerTier,
    effectiveAt = new Date(),
  ) {
    await this.send('analytics', `tiers-${customerId}`, customerId, 'CustomerTierChanged', {
      customerId,
      previousTier,
      tier,
      revenue: tier === 'A' ? 400 : tier === 'B' ? 150 : 10,
      revenueAbove: 0,
      totalRevenue: 1000,
      effectiveAt: effectiveAt.toISOString(),
    });
  }

  private async send(
    context: BoundedContext,
    stream: string,
    customerId: string,
    type: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    const sequence = (this.sequences.get(stream) ?? 0) + 1;
    this.sequences.set(stream, sequence);
    const event = toCloudEvent(context, {
      id: uuidv7(),
      stream,
      sequence,
      type,
      schemaVersion: 1,
      data,
      occurredAt: new Date().toISOString(),
      customerId,
      correlationId: `test-${uuidv7()}`,
      causationId: 'test',
      actorId: 'test',
    });
    await this.producer.send({
      topic: testTopic(this.suffix, Topics[context]),
      acks: -1,
      messages: [toOutboundRecord(event)],
    });
  }
}

/** What a suite's tests use: its visits instance, the upstream feed, its tap and the database. */
export interface VisitsSuite {
  readonly visits: RunningService;
  readonly upstream: UpstreamEvents;
  /** What the instance published on the visits topic, when the suite asked for it. */
  readonly tap: TopicTap;
  readonly mongo: MongoClient;
}

/**
 * One visits instance on `env` for the tests of the calling describe block: started (with the
 * upstream feed and, with `tap`, a tap on the visits topic) before them, stopped and its database
 * dropped after them. The fields are there once the suite's first beforeAll has run.
 */
export function visitsSuite(
  suffix: string,
  env: Record<string, string>,
  { tap = true }: { tap?: boolean } = {},
): VisitsSuite {
  const suite: { -readonly [K in keyof VisitsSuite]?: VisitsSuite[K] } = {};
  beforeAll(async () => {
    suite.mongo = await MongoClient.connect(env['MONGODB_URI']!);
    const upstream = (suite.upstream = new UpstreamEvents(suffix));
    [suite.visits, suite.tap] = await Promise.all([
      startVisits(env),
      tap ? new TopicTap(testTopic(suffix, Topics.visits)).open() : undefined,
      upstream.connect(),
    ]);
  });
  afterAll(async () => {
    await Promise.allSettled([
      suite.visits?.stop(),
      suite.tap?.close(),
      suite.upstream?.disconnect(),
    ]);
    await suite.mongo?.db(env['MONGODB_DATABASE']).dropDatabase();
    await suite.mongo?.close();
  });
  return suite as VisitsSuite;
}

/** An HTTP client for one caller. */
export async function caller(service: () => RunningService, claims: TokenClaims) {
  const token = await signToken(claims);
  const request = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${service().url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> & {
        [key: string]: unknown;
      },
    };
  };
  return {
    get: (path: string, headers?: Record<string, string>) =>
      request('GET', path, undefined, headers),
    post: (path: string, body: unknown, headers?: Record<string, string>) =>
      request('POST', path, body, headers),
  };
}

export const today = (): string => new Date().toISOString().slice(0, 10);
export const thisMonth = (): string => today().slice(0, 7);
