import autocannon from 'autocannon';
import type { Collection } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { Topics } from '@crm/contracts';
import { ensureTopics } from '@crm/messaging';
import { firstCollectionOf, liveCollectionOf } from '@crm/projections';
import { CUSTOMER_360 } from '@apps/analytics/src/customer-360/infrastructure/customer-360.projection';
import { signToken, TEST_JWT_AUDIENCE, TEST_JWT_ISSUER, TEST_JWT_SECRET } from '@crm/testing';
import type { BenchContext } from '../context';
import { spawnService, type SpawnedService } from '../services';
import { measure, summarize, type Measurement } from '../support';

interface Accepted {
  readonly id: string;
  readonly at: number;
}

/** A collection a projection writes, each document stamped with when it was projected. */
type ProjectedViews = Collection<{ _id: string; projectedAt: Date }>;

/**
 * Waits for every accepted id to be projected into `views`; returns the latencies (ms) of those
 * that were.
 */
async function projectionLatencies(
  views: ProjectedViews,
  accepted: readonly Accepted[],
  timeoutMs: number,
): Promise<{ latencies: number[]; missing: number }> {
  const done = new Map<string, number>();
  const deadline = Date.now() + timeoutMs;
  while (done.size < accepted.length && Date.now() < deadline) {
    const pending = accepted.filter((item) => !done.has(item.id)).map((item) => item.id);
    for (let offset = 0; offset < pending.length; offset += 500) {
      const ids = pending.slice(offset, offset + 500);
      for (const view of await views.find({ _id: { $in: ids } }).toArray())
        done.set(view._id, view.projectedAt.getTime());
    }
    if (done.size < accepted.length) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const latencies = accepted.flatMap((item) => {
    const projectedAt = done.get(item.id);
    return projectedAt === undefined ? [] : [Math.max(0, projectedAt - item.at)];
  });
  return { latencies, missing: accepted.length - latencies.length };
}

/** Waits until a consumer group has caught up with a topic (a new group first replays history). */
async function caughtUp(context: BenchContext, groupId: string, topic: string): Promise<void> {
  const admin = context.kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + 600_000;
    for (;;) {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const lag = ends.reduce((sum, end) => {
        const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        return sum + Math.max(0, Number(end.offset) - Math.max(0, Number(at)));
      }, 0);
      if (lag === 0) return;
      if (Date.now() > deadline) throw new Error(`${groupId} still ${lag} behind on ${topic}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await admin.disconnect();
  }
}

/** Raw floor of the same path: insert into MongoDB, produce to Kafka, consume, update MongoDB. */
async function rawPipeline(context: BenchContext, rate: number, seconds: number) {
  const db = context.mongo.db(`bench_e2e_raw_${context.suffix}`);
  const commands = db.collection('commands');
  const views = db.collection<{ _id: string; projectedAt: Date }>('views');
  const topic = `bench.e2e.raw.${context.suffix}`;
  await ensureTopics(context.kafka, [topic], { partitions: 3, replicationFactor: 1 });
  const producer = context.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = context.kafka.consumer({ groupId: `bench-raw-${context.suffix}-${rate}` });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const id = message.key!.toString();
      await views.updateOne({ _id: id }, { $set: { projectedAt: new Date() } }, { upsert: true });
    },
  });
  const accepted: Accepted[] = [];
  const total = rate * seconds;
  const started = Date.now();
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < total; index += 1) {
    const due = started + (index * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      (async () => {
        const id = uuidv7();
        await commands.insertOne({ _id: id as never, at: new Date() });
        await producer.send({ topic, acks: -1, messages: [{ key: id, value: id }] });
        accepted.push({ id, at: Date.now() });
      })(),
    );
  }
  await Promise.all(inFlight);
  const result = await projectionLatencies(views, accepted, 30_000);
  await Promise.all([consumer.disconnect(), producer.disconnect()]);
  await db.dropDatabase();
  return result;
}

/** Scenario 3 (commands at fixed rates → analytics projection) and 7 (HTTP reads). */
export async function endToEnd(context: BenchContext): Promise<Measurement[]> {
  const rates = context.quick ? [50, 100] : [100, 250, 500, 1000];
  const seconds = context.quick ? 4 : 10;
  const env = (service: string) => ({
    MONGODB_DATABASE: `bench_${service}_${context.suffix}`,
    CONSUMER_GROUP_PREFIX: `bench-${context.suffix}`,
    // Private topics: the run measures itself, not a replay of what earlier runs published.
    KAFKA_TOPIC_PREFIX: `bench-${context.suffix}.`,
    JWT_SECRET: TEST_JWT_SECRET,
    JWT_ISSUER: TEST_JWT_ISSUER,
    JWT_AUDIENCE: TEST_JWT_AUDIENCE,
    // One load generator is one client: the per-client limit would measure itself (429s).
    RATE_LIMIT_MAX: '0',
    KAFKA_BROKERS: process.env['KAFKA_BROKERS']!,
    MONGODB_URI: process.env['MONGODB_URI']!,
    REDIS_URL: process.env['REDIS_URL']!,
  });
  const services: SpawnedService[] = [];
  const results: Measurement[] = [];
  try {
    const customers = await spawnService('customers', env('customers'));
    services.push(customers);
    const analytics = await spawnService('analytics', env('analytics'));
    services.push(analytics);
    context.log('waiting for the new consumer groups to replay the topic history');
    await caughtUp(
      context,
      `bench-${context.suffix}.analytics.customer-360`,
      `bench-${context.suffix}.${Topics.customers}`,
    );
    await caughtUp(
      context,
      `bench-${context.suffix}.customers.customer-card`,
      `bench-${context.suffix}.${Topics.customers}`,
    );
    const token = await signToken({ sub: 'bench', roles: ['admin'] });
    // Where analytics' runner keeps the 360 view (it named no collection of its own).
    const views = await liveCollectionOf<{ _id: string; projectedAt: Date }>(
      context.mongo.db(`bench_analytics_${context.suffix}`),
      CUSTOMER_360,
      firstCollectionOf('analytics', CUSTOMER_360),
    );
    const registered: string[] = [];
    let best: number | null = null;
    let bestRaw: number | null = null;

    /** Registrations at `rate` per second for the scenario's seconds, spread over `urls`. */
    const offer = async (urls: readonly string[], rate: number) => {
      const accepted: Accepted[] = [];
      const statuses: Record<number, number> = {};
      await Promise.all(
        urls.map((url) =>
          autocannon({
            url,
            // Enough connections that the rate, not the connection count, limits what is sent.
            connections: Math.min(100, Math.max(10, Math.ceil(rate / urls.length / 2))),
            overallRate: rate / urls.length,
            duration: seconds,
            requests: [
              {
                method: 'POST',
                path: '/customers',
                headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
                body: JSON.stringify({
                  name: 'Bench Trading Co.',
                  nature: 'ordinary_company',
                  region: 'east',
                  ownerId: 'rep-1',
                }),
                onResponse: (status: number, body: string) => {
                  statuses[status] = (statuses[status] ?? 0) + 1;
                  if (status === 201)
                    accepted.push({
                      id: (JSON.parse(body) as { customerId: string }).customerId,
                      at: Date.now(),
                    });
                },
              },
            ],
          }),
        ),
      );
      registered.push(...accepted.map((item) => item.id));
      const projected = await projectionLatencies(views, accepted, 30_000);
      if (accepted.length > 0 && projected.latencies.length === 0) {
        // A figure of nothing would read as "slow": say that nothing arrived.
        throw new Error(
          `none of ${accepted.length} registrations reached ${views.collectionName} within 30 s`,
        );
      }
      return { ...projected, statuses, achieved: accepted.length / seconds };
    };

    /**
     * The first rate again on two replicas of both services side by side (own processes, own
     * instance ids), the commands split between the two customers replicas, right after the one
     * replica's run (both on about as many customers); the second replicas stop afterwards.
     */
    const onTwoReplicas = async (rate: number, one: { achieved: number; p99: number }) => {
      const second = [
        await spawnService('customers', env('customers')),
        await spawnService('analytics', env('analytics')),
      ];
      try {
        await caughtUp(
          context,
          `bench-${context.suffix}.analytics.customer-360`,
          `bench-${context.suffix}.${Topics.customers}`,
        );
        // Once unmeasured: the new processes warm up and the groups settle after the rebalance.
        await offer([customers.url, second[0]!.url], rate);
        const paired = await offer([customers.url, second[0]!.url], rate);
        const pairedStats = summarize(paired.latencies);
        context.log(
          `e2e ${rate}/s on two replicas: achieved ${paired.achieved.toFixed(0)}/s p99 ${pairedStats.p99.toFixed(0)} ms (one replica: ${one.achieved.toFixed(0)}/s, ${one.p99.toFixed(0)} ms), missing ${paired.missing}, statuses ${JSON.stringify(paired.statuses)}`,
        );
        return [
          measure(
            '3 end to end',
            `${rate}/s on two replicas: accepted commands/s (vs one replica)`,
            'commands/s',
            paired.achieved,
            one.achieved,
            'higher_is_better',
            { not_projected_in_30s: paired.missing },
          ),
          measure(
            '3 end to end',
            `${rate}/s on two replicas: command → projection p99 (vs one replica)`,
            'ms',
            pairedStats.p99,
            one.p99,
            'lower_is_better',
          ),
        ];
      } finally {
        await Promise.all(second.map((service) => service.stop()));
      }
    };

    const replicated: Measurement[] = [];
    for (const rate of rates) {
      const ours = await offer([customers.url], rate);
      const { statuses, achieved } = ours;
      const raw = await rawPipeline(context, rate, seconds);
      const oursStats = summarize(ours.latencies);
      const rawStats = summarize(raw.latencies);
      context.log(
        `e2e ${rate}/s: achieved ${achieved.toFixed(0)}/s p99 ${oursStats.p99.toFixed(0)} ms (raw ${rawStats.p99.toFixed(0)} ms), missing ${ours.missing}, statuses ${JSON.stringify(statuses)}`,
      );
      const extra = {
        p50: Math.round(oursStats.p50),
        p95: Math.round(oursStats.p95),
        accepted_per_s: Math.round(achieved),
        not_projected_in_30s: ours.missing,
        raw_p50: Math.round(rawStats.p50),
        raw_p95: Math.round(rawStats.p95),
      };
      results.push(
        measure(
          '3 end to end',
          `${rate}/s: command → projection p99`,
          'ms',
          oursStats.p99,
          rawStats.p99,
          'lower_is_better',
          extra,
        ),
      );
      if (oursStats.p99 < 1000 && ours.missing === 0 && achieved >= rate * 0.95) best = rate;
      if (rawStats.p99 < 1000 && raw.missing === 0) bestRaw = rate;
      if (rate === rates[0])
        replicated.push(...(await onTwoReplicas(rate, { achieved, p99: oursStats.p99 })));
    }
    results.push(...replicated);
    results.push(
      measure(
        '3 end to end',
        'highest tested rate with p99 < 1 s',
        'commands/s',
        best ?? 0,
        bestRaw,
        'higher_is_better',
      ),
    );

    // Scenario 7: reads, against the same app's cheapest endpoint as the baseline.
    const readSeconds = context.quick ? 3 : 10;
    const read = async (url: string, paths: () => string) => {
      const result = await autocannon({
        url,
        connections: 16,
        duration: readSeconds,
        requests: [
          {
            method: 'GET',
            headers: { authorization: `Bearer ${token}` },
            setupRequest: (request: autocannon.Request) => ({ ...request, path: paths() }),
          },
        ],
      });
      return {
        rps: result.requests.average,
        p99: result.latency.p99,
        errors: result.non2xx + result.errors,
      };
    };
    let cursor = 0;
    const nextId = () => registered[(cursor += 1) % registered.length]!;
    for (const [service, url, path] of [
      ['customers', customers.url, (id: string) => `/customers/${id}`],
      ['analytics', analytics.url, (id: string) => `/analytics/customers/${id}`],
    ] as const) {
      const baseline = await read(url, () => '/health/live');
      const ours = await read(url, () => path(nextId()));
      context.log(`${service} reads: ${ours.rps}/s vs ${baseline.rps}/s (errors ${ours.errors})`);
      results.push(
        measure(
          '7 HTTP reads',
          `GET ${path(':id')}: req/s`,
          'req/s',
          ours.rps,
          baseline.rps,
          'higher_is_better',
          { errors: ours.errors },
        ),
        measure(
          '7 HTTP reads',
          `GET ${path(':id')}: p99`,
          'ms',
          ours.p99,
          baseline.p99,
          'lower_is_better',
        ),
      );
    }
  } finally {
    await Promise.all(services.map((service) => service.stop()));
  }
  return results;
}
