import { MongoClient } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import {
  contactAdded,
  customerProfileUpdated,
  deadLetterTopic,
  eventRegistry,
  Topics,
  type CloudEvent,
} from '@crm/contracts';
import {
  aCustomerRegisteredEvent,
  eventually,
  signToken,
  testKafka,
  testTopic,
  TopicTap,
  uniqueSuffix,
  type RunningService,
} from '@crm/testing';
import { bootSystem, SERVICES, type ServiceName } from './system';

interface ReadyDetails {
  readonly details: {
    readonly consumers: {
      readonly groups: Record<
        string,
        {
          readonly lag: Record<string, number>;
          readonly deadLettered: { readonly events: number; readonly customers: number };
        }
      >;
    };
  };
}

const readiness = async (service: RunningService): Promise<ReadyDetails['details']> => {
  const response = await fetch(`${service.url}/health/ready`);
  expect(response.status).toBe(200);
  return ((await response.json()) as ReadyDetails).details;
};

/** The nth event of one customer's stream on the customers topic. */
const customerEvent = (
  customerId: string,
  sequence: number,
  definition: { readonly name: string; readonly example: unknown },
  data: Record<string, unknown>,
): CloudEvent => ({
  ...aCustomerRegisteredEvent({ subject: customerId, customerid: customerId, sequence }),
  type: eventRegistry.typeOf('customers', definition.name),
  data: { ...(definition.example as Record<string, unknown>), customerId, ...data },
});

describe('an event no read model can store stalls nothing (ADR 75)', () => {
  const suffix = uniqueSuffix();
  const kafka = testKafka(`unprocessable-${suffix}`);
  const mongo = new MongoClient(process.env['MONGODB_URI'] ?? '');
  const topic = testTopic(suffix, Topics.customers);
  let system: Record<ServiceName, RunningService>;
  let dlq: TopicTap;

  beforeAll(async () => {
    await mongo.connect();
    system = await bootSystem(suffix);
    dlq = await new TopicTap(deadLetterTopic(topic), kafka).open();
  });

  afterAll(async () => {
    await Promise.allSettled(SERVICES.map((service) => system?.[service]?.stop()));
    await dlq?.close();
    for (const service of SERVICES) await mongo.db(`test_${service}_${suffix}`).dropDatabase();
    await mongo.close();
  });

  it('dead-letters it, shows it in metrics and health, and applies the customer’s later events everywhere', async () => {
    const customerId = uuidv7();
    const frozen = aCustomerRegisteredEvent({ subject: customerId, customerid: customerId });
    // PostgreSQL cannot store a NUL in a string: every read model holding the name refuses it.
    (frozen.data as Record<string, unknown>)['customerId'] = customerId;
    (frozen.data as Record<string, unknown>)['name'] = '杭州\u0000莲花贸易';
    const later = [
      customerEvent(customerId, 2, customerProfileUpdated, {
        changes: { name: '杭州莲花贸易有限公司', city: '杭州' },
      }),
      customerEvent(customerId, 3, contactAdded, { contactId: uuidv7() }),
    ];
    // Other customers on every partition, before and after: none of them waits either.
    const others = Array.from({ length: 30 }, () => aCustomerRegisteredEvent());
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [...others.slice(0, 15), frozen, ...later, ...others.slice(15)].map((event) => ({
        key: event.customerid ?? event.subject,
        value: JSON.stringify(event),
        headers: { ce_type: event.type, ce_id: event.id },
      })),
    });
    await producer.disconnect();

    // Every consumer group of every service reaches the end of its topics (its lag, in health).
    const details = await eventually(
      async () => {
        const all = await Promise.all(SERVICES.map((service) => readiness(system[service])));
        const groups = all.flatMap((detail) => Object.entries(detail.consumers.groups));
        const behind = groups.filter(([, group]) =>
          Object.values(group.lag).some((records) => records !== 0),
        );
        const reachedCustomers = groups.some(([name]) => name.endsWith('.customer-card'));
        return behind.length === 0 && reachedCustomers && all.length === SERVICES.length
          ? Object.fromEntries(SERVICES.map((service, index) => [service, all[index]!]))
          : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: 'every consumer group to have no lag' },
    );
    const groups = Object.fromEntries(
      Object.values(details).flatMap((detail) => Object.entries(detail.consumers.groups)),
    );
    for (const service of SERVICES) {
      expect(Object.keys(details[service].consumers.groups).length).toBeGreaterThan(0);
    }

    // The failure is visible: dead-lettered with the reason, marked in health, counted in metrics.
    const cardGroup = `test-${suffix}.customers.customer-card`;
    const [dead] = await dlq.waitFor(
      (record) => record.value['id'] === frozen.id && record.headers['dlq_group'] === cardGroup,
    );
    expect(dead!.headers['dlq_error']).toMatch(/22P05|Unicode/);
    expect(groups[cardGroup]!.deadLettered).toEqual({ events: 1, customers: 1 });
    const marked = Object.entries(groups).filter(([, group]) => group.deadLettered.events > 0);
    expect(marked.map(([name]) => name)).toContain(cardGroup);
    const metrics = await (await fetch(`${system.customers.url}/metrics`)).text();
    expect(metrics).toMatch(
      new RegExp(
        `crm_consumer_events_total\\{[^}]*group="${cardGroup}"[^}]*outcome="dead_lettered"[^}]*\\} 1`,
      ),
    );
    expect(metrics).toMatch(
      new RegExp(`crm_consumer_lag\\{[^}]*group="${cardGroup}",topic="${topic}"[^}]*\\} 0`),
    );

    // The customer's later events reached every read model: none of them stopped at the gap.
    const holding: string[] = [];
    for (const service of SERVICES) {
      const db = mongo.db(`test_${service}_${suffix}`);
      for (const { name } of await db.listCollections().toArray()) {
        const documents = await db
          .collection(name)
          .find({ [`applied.${customerId}`]: { $exists: true } })
          .toArray();
        for (const document of documents) {
          holding.push(`${service}.${name}`);
          expect({ at: `${service}.${name}`, applied: document['applied'][customerId] }).toEqual({
            at: `${service}.${name}`,
            applied: 3,
          });
        }
      }
    }
    expect(holding).toEqual(expect.arrayContaining(['customers.customer_cards']));
    expect(holding.some((collection) => collection.startsWith('analytics.'))).toBe(true);
    const card = await mongo
      .db(`test_customers_${suffix}`)
      .collection('customer_cards')
      .findOne({ _id: customerId as never });
    expect(card).toMatchObject({ name: '杭州莲花贸易有限公司', contactNames: ['wang li'] });
    // And the others were never held up by it.
    const cards = await mongo
      .db(`test_customers_${suffix}`)
      .collection('customer_cards')
      .countDocuments({ _id: { $in: others.map((event) => event.subject) as never[] } });
    expect(cards).toBe(others.length);

    // A rebuild of analytics' projections goes past the event as the live consumers did, and its
    // marks replace theirs: the same events, still marked until the cause is fixed.
    const markedBefore = Object.fromEntries(
      Object.entries(details.analytics.consumers.groups).map(([name, group]) => [
        name,
        group.deadLettered,
      ]),
    );
    const admin = await signToken({ sub: `ops-${suffix}`, roles: ['admin'] });
    const rebuilt = await fetch(`${system.analytics.url}/analytics/admin/projections/rebuild`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(rebuilt.status).toBe(200);
    const after = await readiness(system.analytics);
    expect(
      Object.fromEntries(
        Object.entries(after.consumers.groups).map(([name, group]) => [name, group.deadLettered]),
      ),
    ).toEqual(markedBefore);
    const slots = await mongo
      .db(`test_analytics_${suffix}`)
      .collection<{ _id: string; collection: string }>('projection_slots')
      .find()
      .toArray();
    expect(slots.length).toBeGreaterThan(0);
    for (const slot of slots) {
      const documents = await mongo
        .db(`test_analytics_${suffix}`)
        .collection(slot.collection)
        .find({ [`applied.${customerId}`]: { $exists: true } })
        .toArray();
      for (const document of documents) {
        expect({ slot: slot._id, applied: document['applied'][customerId] }).toEqual({
          slot: slot._id,
          applied: 3,
        });
      }
    }
  });
});
