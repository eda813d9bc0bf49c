import { MongoClient, type Db } from 'mongodb';
import { formatMajor, parseEventType, Topics } from '@crm/contracts';
import { firstCollectionOf } from '@crm/projections';
import {
  callJson,
  eventually,
  removeJobQueues,
  reservePort,
  signToken,
  testTopic,
  TopicTap,
  uniqueSuffix,
  type RunningService,
} from '@crm/testing';
import { VISIT_CUSTOMERS } from '@apps/visits/src/customer-directory/infrastructure/customer-directory.schema';
import { COMPLAINT_CUSTOMERS } from '@apps/complaints/src/customer-directory/infrastructure/complaint-customers.schema';
import { dropDatabases } from '../service-support';
import { bootService, bootSystem, envOf, SERVICES, type ServiceName } from './system';

/**
 * Two replicas of every service side by side, as the chart's autoscaler runs them: the second
 * replica of each joins while commands arrive (its consumer groups rebalance mid-stream), and
 * both replicas take commands. Nothing may be lost or duplicated: every event is published once,
 * every read model holds every customer once, every amount counts once.
 */
const suffix = uniqueSuffix();
const CUSTOMERS = 80;
/** Every fourth customer gets a complaint, alternately through either complaints replica. */
const COMPLAINT_EVERY = 4;
/** Minor units far beyond 2^31, distinct per customer. */
const amountOf = (index: number): bigint => 3_000_000_000_017n + BigInt(index) * 1_000_003n;

/** How long the read models may take to catch up after the last command. */
const SETTLED = { timeoutMs: 120_000, intervalMs: 500 };

type Replicas = Record<ServiceName, RunningService[]>;

describe('two replicas of every service under load: nothing lost, nothing duplicated', () => {
  const replicas = Object.fromEntries(
    SERVICES.map((service) => [service, []]),
  ) as unknown as Replicas;
  const taps = {
    customers: new TopicTap(testTopic(suffix, Topics.customers)),
    complaints: new TopicTap(testTopic(suffix, Topics.complaints)),
  };
  let mongo: MongoClient;
  let repToken: string;
  let agentToken: string;
  const rep = `rep-${suffix}`;
  const db = (service: ServiceName): Db => mongo.db(envOf(service, suffix).MONGODB_DATABASE);
  /** The replica of `service` the `index`-th command goes through: alternately one and the other. */
  const via = (service: ServiceName, index: number): string => {
    const running = replicas[service];
    return running[index % running.length]!.url;
  };

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env['MONGODB_URI']!);
    await Promise.all([taps.customers.open(), taps.complaints.open()]);
    const first = await bootSystem(suffix);
    for (const service of SERVICES) replicas[service].push(first[service]);
    repToken = await signToken({ sub: rep, roles: ['sales_rep'] });
    agentToken = await signToken({ sub: `agent-${suffix}`, roles: ['service_agent'] });
  });

  afterAll(async () => {
    await Promise.allSettled([
      ...SERVICES.flatMap((service) => replicas[service].map((replica) => replica.stop())),
      taps.customers.close(),
      taps.complaints.close(),
    ]);
    await removeJobQueues(process.env['REDIS_URL']!, `test-${suffix}`, ['complaint-sla']);
    await dropDatabases(...SERVICES.map((service) => envOf(service, suffix).MONGODB_DATABASE));
    await mongo.close();
  });

  it('registers, sells and complains through both replicas while the second ones join', async () => {
    const customerIds: string[] = new Array<string>(CUSTOMERS);
    const register = async (index: number) => {
      const registered = await callJson(via('customers', index), 'POST', '/customers', {
        token: repToken,
        body: {
          name: `副本测试 ${index} 贸易有限公司`,
          nature: 'ordinary_company',
          region: 'east',
          ownerId: rep,
        },
      });
      expect(registered.status).toBe(201);
      const customerId = registered.body['customerId'] as string;
      customerIds[index] = customerId;
      // Through the other replica than the registration's.
      const bought = await callJson(
        via('customers', index + 1),
        'POST',
        `/customers/${customerId}/purchases`,
        {
          token: repToken,
          body: {
            amount: formatMajor({ minor: amountOf(index), currency: 'CNY' }),
            currency: 'CNY',
            occurredAt: '2026-03-15T10:00:00+08:00',
            productLine: 'pumps',
            sourceSystem: 'erp-sap',
            orderReference: `SO-${suffix}-${index}`,
          },
        },
      );
      expect(bought.status).toBe(201);
    };
    // Eight callers; the second replica of every service boots after the first quarter.
    const workers = 8;
    let joined: Promise<void> | undefined;
    await Promise.all(
      Array.from({ length: workers }, async (_, worker) => {
        for (let index = worker; index < CUSTOMERS; index += workers) {
          if (index >= CUSTOMERS / 4 && joined === undefined) joined = joinSecondReplicas();
          await register(index);
        }
      }),
    );
    await joined;
    expect(SERVICES.map((service) => replicas[service].length)).toEqual([2, 2, 2, 2]);

    // Complaints need the customer known to the complaints service first (ADR 141).
    const complained = customerIds.filter((_, index) => index % COMPLAINT_EVERY === 0);
    await documents('complaints', COMPLAINT_CUSTOMERS, complained);
    for (const [index, customerId] of complained.entries()) {
      const recorded = await callJson(via('complaints', index), 'POST', '/complaints', {
        token: agentToken,
        body: {
          customerId,
          channel: 'phone',
          category: 'product_quality',
          severity: 'high',
          description: '第二批货的阀门全部漏水',
          customerWords: '请尽快处理，生产线已经停了',
        },
      });
      expect(recorded.status).toBe(201);
    }

    // The topics: each event once (two relays, one lease), and every command's event there.
    const of = (tap: TopicTap, name: string) =>
      tap.records.filter((record) => parseEventType(String(record.value['type']))?.name === name);
    const published = () => ({
      registrations: of(taps.customers, 'CustomerRegistered'),
      purchases: of(taps.customers, 'PurchaseRecorded'),
      complaints: of(taps.complaints, 'ComplaintRecorded'),
    });
    await eventually(async () => {
      const { registrations, purchases, complaints } = published();
      return registrations.length >= CUSTOMERS &&
        purchases.length >= CUSTOMERS &&
        complaints.length >= complained.length
        ? true
        : undefined;
    }, SETTLED).catch(() => {
      const { registrations, purchases, complaints } = published();
      throw new Error(
        `published ${registrations.length} registrations, ${purchases.length} purchases, ${complaints.length} complaints`,
      );
    });
    const subjects = (records: readonly { value: Record<string, unknown> }[]) =>
      new Set(records.map((record) => record.value['customerid'] ?? record.value['subject']));
    expect(subjects(published().registrations)).toEqual(new Set(customerIds));
    expect(subjects(published().purchases)).toEqual(new Set(customerIds));
    for (const tap of [taps.customers, taps.complaints]) {
      const ids = tap.records.map((record) => record.value['id']);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(published().complaints).toHaveLength(complained.length);

    // The read models, each written by whichever replica owned the partition at the time.
    const facts = db('analytics').collection<{
      _id: string;
      revenueByDay?: Record<string, bigint>;
    }>(firstCollectionOf('analytics', 'customer-facts'));
    const revenue = await eventually(async () => {
      const stored = await facts
        .find({ _id: { $in: customerIds } }, { useBigInt64: true })
        .toArray();
      const byId = new Map(
        stored.map((document) => [
          document._id,
          Object.values(document.revenueByDay ?? {}).reduce((sum, minor) => sum + minor, 0n),
        ]),
      );
      return customerIds.every((id, index) => byId.get(id) === amountOf(index)) ? byId : undefined;
    }, SETTLED);
    expect(revenue.size).toBe(CUSTOMERS);
    await documents('visits', VISIT_CUSTOMERS, customerIds);
    await documents('complaints', COMPLAINT_CUSTOMERS, customerIds);
    await documents('analytics', firstCollectionOf('analytics', 'customer-360'), customerIds, {
      eventCount: 1,
    });
    await documents(
      'analytics',
      firstCollectionOf('analytics', 'complaints'),
      complained,
      {},
      'customerId',
    );
  }, 600_000);

  /**
   * Waits until `service`'s `collection` holds one document for each of `ids` (by `field`)
   * matching `filter`: fails with how many it found once the wait is over.
   */
  async function documents(
    service: ServiceName,
    collection: string,
    ids: readonly string[],
    filter: object = {},
    field = '_id',
  ): Promise<void> {
    let found = 0;
    try {
      await eventually(async () => {
        found = await db(service)
          .collection(collection)
          .countDocuments({ ...filter, [field]: { $in: [...ids] } });
        return found === ids.length ? found : undefined;
      }, SETTLED);
    } catch {
      throw new Error(`${service} ${collection}: ${found} of ${ids.length} documents`);
    }
  }

  /** Boots the second replica of each service: its consumers join the same groups. */
  async function joinSecondReplicas(): Promise<void> {
    const second = await Promise.all(
      SERVICES.map(async (service) =>
        // A pod of its own: its own name (the relay's lease holder), and its own port.
        bootService(service, suffix, {
          INSTANCE_ID: `${service}-replica-2`,
          ...(service === 'customers' ? { PORT: String(await reservePort()) } : {}),
        }),
      ),
    );
    SERVICES.forEach((service, index) => replicas[service].push(second[index]!));
  }
});
