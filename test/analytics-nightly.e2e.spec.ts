import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { customerRegistered, Topics } from '@crm/contracts';
import {
  serviceEnv,
  testTopic,
  TopicTap,
  uniqueSuffix,
  UpstreamFeed,
  type RunningService,
} from '@crm/testing';
import { startAnalytics } from './service-support';

const suffix = uniqueSuffix();
const jobsPrefix = `test-${suffix}`;
const env = serviceEnv('analytics', suffix, {
  JOBS_PREFIX: jobsPrefix,
  // Every two seconds, so the test sees scheduled runs; in production the defaults are nightly.
  TIER_RECOMPUTE_CRON: '*/2 * * * * *',
  LIFECYCLE_EVALUATION_CRON: '*/2 * * * * *',
  ANALYTICS_TIME_ZONE: 'Asia/Shanghai',
});

describe('nightly schedules (BullMQ job schedulers in the configured time zone)', () => {
  let analytics: RunningService;
  let tap: TopicTap;
  let mongo: MongoClient;

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    tap = await new TopicTap(testTopic(suffix, Topics.analytics)).open();
    analytics = await startAnalytics(env);
  });

  afterAll(async () => {
    await Promise.allSettled([analytics?.stop(), tap?.close()]);
    const redis = new Redis(env.REDIS_URL);
    const queue = new Queue('analytics-nightly', { connection: redis, prefix: jobsPrefix });
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
    await mongo.db(env.MONGODB_DATABASE).dropDatabase();
    await mongo.close();
  });

  it('declares both schedules with the time zone and runs the recomputation and the evaluation on them', async () => {
    const redis = new Redis(env.REDIS_URL);
    const queue = new Queue('analytics-nightly', { connection: redis, prefix: jobsPrefix });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, s.pattern, s.tz]).sort()).toEqual([
        ['lifecycle-evaluation', '*/2 * * * * *', 'Asia/Shanghai'],
        ['tier-recompute', '*/2 * * * * *', 'Asia/Shanghai'],
      ]);
    } finally {
      await queue.close();
      redis.disconnect();
    }

    // A customer with a purchase: the scheduled runs give it a tier and a lifecycle stage.
    const feed = new UpstreamFeed(suffix, { origin: 'nightly' });
    await feed.connect();
    const customerId = uuidv7();
    await feed.publish('customers', 'CustomerRegistered', customerId, customerId, {
      ...customerRegistered.example,
      customerId,
    });
    await feed.publish('customers', 'PurchaseRecorded', customerId, customerId, {
      customerId,
      purchaseId: uuidv7(),
      amount: 100,
      currency: 'CNY',
      occurredAt: new Date().toISOString(),
      productLine: 'pumps',
      sourceSystem: 'erp',
      orderReference: `SO-${suffix}`,
    });
    await feed.disconnect();

    // A scheduled run may come between the registration and the purchase being projected: the
    // customer is then C first (no revenue yet) and A at the next run.
    const [tierChange] = await tap.waitFor(
      (r) =>
        r.headers['ce_type'] === 'crm.analytics.CustomerTierChanged.v1' &&
        r.value['customerid'] === customerId &&
        (r.value['data'] as { tier: string }).tier === 'A',
      { timeoutMs: 20_000 },
    );
    expect(tierChange!.value).toMatchObject({
      actorid: 'system:tier-recompute',
      data: { tier: 'A' },
    });
    expect([null, 'C']).toContain(
      (tierChange!.value['data'] as { previousTier: unknown }).previousTier,
    );
    const tierChangesOfCustomer = () =>
      tap.records.filter(
        (r) =>
          r.headers['ce_type'] === 'crm.analytics.CustomerTierChanged.v1' &&
          r.value['customerid'] === customerId,
      ).length;
    const tierChangesUpToA = tierChangesOfCustomer();
    const summaries = await tap.waitFor(
      (r) =>
        r.headers['ce_type'] === 'crm.analytics.TierRecomputationCompleted.v1' &&
        (r.value['data'] as { trigger: string }).trigger === 'schedule',
    );
    expect(summaries.length).toBeGreaterThan(0);
    const [lifecycle] = await tap.waitFor(
      (r) =>
        r.headers['ce_type'] === 'crm.analytics.CustomerLifecycleChanged.v1' &&
        r.value['customerid'] === customerId,
      { timeoutMs: 20_000 },
    );
    expect(lifecycle!.value).toMatchObject({
      actorid: 'system:lifecycle-evaluation',
      data: { stage: 'new' },
    });
    // Later runs find nothing changed: no tier change for the customer after the one to A.
    await tap.waitFor(
      (r) => r.headers['ce_type'] === 'crm.analytics.TierRecomputationCompleted.v1',
      { count: summaries.length + 1 },
    );
    expect(tierChangesOfCustomer()).toBe(tierChangesUpToA);
  });
});
