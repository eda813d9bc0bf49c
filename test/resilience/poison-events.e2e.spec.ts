import type { Admin } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import {
  allEventDefinitions,
  deadLetterTopic,
  eventRegistry,
  Topics,
  type BoundedContext,
  type CloudEvent,
} from '@crm/contracts';
import { ensureTopics } from '@crm/messaging';
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
import { bootSystem, recordMetrics, SERVICES, type ServiceName } from './system';

/** A valid event of a context, built from its contract example. */
const validEventOf = (context: BoundedContext): CloudEvent => {
  if (context === 'customers') return aCustomerRegisteredEvent();
  const definition = allEventDefinitions.find((candidate) => candidate.context === context)!;
  const data = definition.example as Record<string, unknown>;
  const customerId = typeof data['customerId'] === 'string' ? data['customerId'] : uuidv7();
  return {
    specversion: '1.0',
    id: uuidv7(),
    source: `crm/${context}`,
    type: eventRegistry.typeOf(context, definition.name),
    subject: uuidv7(),
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    sequence: 1,
    customerid: customerId,
    correlationid: 'poison-test',
    causationid: 'poison-test',
    actorid: 'poison-test',
    data,
  };
};

interface Poison {
  readonly kind: string;
  readonly value: string;
  readonly headers?: Record<string, string>;
}

/** What a hostile or broken producer can put on a topic. */
const poisonsOf = (context: BoundedContext): Poison[] => {
  const template = validEventOf(context);
  return [
    { kind: 'malformed-json', value: '{"specversion":"1.0","id": this is not JSON' },
    { kind: 'not-an-event', value: JSON.stringify({ hello: 'world' }) },
    { kind: 'binary', value: '\u0000\u0001\u0002\ufffd' },
    {
      kind: 'envelope-invalid',
      value: JSON.stringify({ ...template, id: 'not-a-uuid', sequence: -1 }),
    },
    // One per event type of the context: every consumer of the topic reads at least one of them.
    ...allEventDefinitions
      .filter((definition) => definition.context === context)
      .map((definition): Poison => {
        const type = eventRegistry.typeOf(context, definition.name);
        return {
          kind: `schema-invalid ${definition.name}`,
          value: JSON.stringify({ ...template, id: uuidv7(), type, data: { unexpected: true } }),
          headers: { ce_type: type },
        };
      }),
  ];
};

const CONTEXTS = Object.keys(Topics) as BoundedContext[];

describe('poison events: every consumer of every topic dead-letters what it cannot read and keeps going', () => {
  const suffix = uniqueSuffix();
  const kafka = testKafka(`poison-${suffix}`);
  let admin: Admin;
  let system: Record<ServiceName, RunningService>;
  const taps = new Map<BoundedContext, TopicTap>();
  let poisonSent = 0;
  let deadLettered = 0;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    // Some topics have no producer running in this test: make sure each (and its DLQ) exists.
    await ensureTopics(
      kafka,
      CONTEXTS.map((context) => testTopic(suffix, Topics[context])),
      { partitions: 3, replicationFactor: 1 },
    );
    for (const context of CONTEXTS) {
      taps.set(
        context,
        await new TopicTap(deadLetterTopic(testTopic(suffix, Topics[context])), kafka).open(),
      );
    }
    system = await bootSystem(suffix);
  });

  afterAll(async () => {
    await Promise.allSettled(SERVICES.map((service) => system?.[service]?.stop()));
    await Promise.allSettled([...taps.values()].map((tap) => tap.close()));
    await admin?.disconnect();
    recordMetrics('poison', {
      'poison records sent': poisonSent,
      'poison records dead-lettered': deadLettered,
    });
  });

  it('sends each poison record to <topic>.dlq with the reason, then applies the valid event after it', async () => {
    const producer = kafka.producer();
    await producer.connect();
    const valid = new Map<BoundedContext, CloudEvent>();
    for (const context of CONTEXTS) {
      const topic = testTopic(suffix, Topics[context]);
      const { partitions } = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!;
      const event = validEventOf(context);
      valid.set(context, event);
      // Poison on every partition, so whatever partition the valid event lands on, it comes after.
      const messages = partitions.flatMap(({ partitionId }) =>
        poisonsOf(context).map((poison) => ({
          partition: partitionId,
          key: `poison-${partitionId}`,
          value: poison.value,
          headers: poison.headers ?? {},
        })),
      );
      poisonSent += messages.length;
      await producer.send({ topic, acks: -1, messages });
      await producer.send({
        topic,
        acks: -1,
        messages: [
          {
            key: event.customerid ?? event.subject,
            value: JSON.stringify(event),
            headers: { ce_type: event.type, ce_id: event.id },
          },
        ],
      });
    }
    await producer.disconnect();

    // Every consumer group of the system has moved past everything on its topics.
    const groups = (await admin.listGroups()).groups
      .map((group) => group.groupId)
      .filter((groupId) => groupId.startsWith(`test-${suffix}.`));
    expect(groups.length).toBeGreaterThanOrEqual(SERVICES.length);
    const topicsOf = new Map<string, string[]>();
    await eventually(
      async () => {
        for (const groupId of groups) {
          const consumed: string[] = [];
          for (const context of CONTEXTS) {
            const topic = testTopic(suffix, Topics[context]);
            const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
            const ends = await admin.fetchTopicOffsets(topic);
            const offsets = committed!.partitions;
            if (offsets.every((p) => p.offset === '-1')) continue;
            consumed.push(topic);
            const behind = ends.filter(
              (end) => offsets.find((p) => p.partition === end.partition)?.offset !== end.high,
            );
            if (behind.length > 0) return undefined;
          }
          if (consumed.length === 0) return undefined;
          topicsOf.set(groupId, consumed);
        }
        return true;
      },
      {
        timeoutMs: 45_000,
        intervalMs: 250,
        what: 'every consumer group to reach the end of its topics',
      },
    );

    for (const [groupId, topics] of topicsOf) {
      for (const topic of topics) {
        const context = CONTEXTS.find(
          (candidate) => testTopic(suffix, Topics[candidate]) === topic,
        )!;
        // Records without a type header are always parsed: the four broken kinds on every partition.
        const dead = await taps
          .get(context)!
          .waitFor(
            (record) =>
              record.headers['dlq_group'] === groupId &&
              record.headers['dlq_error_type'] === 'contract_violation',
            {
              count: 4 * 3,
            },
          );
        for (const record of dead) {
          expect(record.headers['dlq_error']).toEqual(expect.any(String));
          expect(record.headers['dlq_error']!.length).toBeGreaterThan(5);
          expect(record.headers['dlq_topic']).toBe(topic);
        }
        expect(dead.filter((record) => record.headers['dlq_error'] === undefined)).toEqual([]);
        // The valid event was applied, not dead-lettered.
        expect(dead.filter((record) => record.value['id'] === valid.get(context)!.id)).toEqual([]);
      }
    }
    const services = new Set([...topicsOf.keys()].map((groupId) => groupId.split('.')[1]));
    expect([...services].sort()).toEqual([...SERVICES].sort());
    deadLettered = [...taps.values()].reduce((sum, tap) => sum + tap.records.length, 0);

    // And its effect is visible: the customer injected after the poison is in the 360 view.
    const customer = valid.get('customers')!;
    const token = await signToken({ sub: `analyst-${suffix}`, roles: ['analyst'] });
    const view = await eventually(
      async () => {
        const response = await fetch(
          `${system.analytics.url}/analytics/customers/${customer.subject}`,
          {
            headers: { authorization: `Bearer ${token}` },
          },
        );
        return response.status === 200
          ? ((await response.json()) as Record<string, unknown>)
          : undefined;
      },
      { timeoutMs: 15_000, what: 'the customer registered after the poison in the 360 view' },
    );
    expect(view).toMatchObject({ customerId: customer.subject, eventCount: 1 });
  });
});
