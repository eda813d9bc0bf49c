import { deadLetterTopic, eventRegistry, parseCloudEvent } from '@crm/contracts';
import {
  aCustomerRegisteredEvent,
  eventually,
  testKafka,
  TopicTap,
  uniqueSuffix,
} from '@crm/testing';
import { KafkaEventConsumer, type EventConsumerOptions } from './event-consumer';
import { ensureTopics } from './topics.admin';

const cloudEvent = aCustomerRegisteredEvent;

describe('KafkaEventConsumer (real broker)', () => {
  const suffix = uniqueSuffix();
  const topic = `test.consumer.${suffix}`;
  const kafka = testKafka(`consumer-test-${suffix}`);
  /**
   * A silent consumer of this broker that parses CloudEvents; unless a test says otherwise, a
   * failure is never transient and a record goes to the DLQ after one attempt.
   */
  const consumerOf = (
    options: Pick<EventConsumerOptions, 'groupId' | 'topics' | 'handle'> &
      Partial<EventConsumerOptions>,
  ) =>
    new KafkaEventConsumer(kafka, {
      parse: parseCloudEvent,
      maxAttempts: 1,
      retryBackoffMs: 10,
      isTransient: () => false,
      logger: { warn: () => undefined, error: () => undefined },
      ...options,
    });
  /** What the consumers below wait out: the database unreachable. */
  const unreachable = () =>
    Object.assign(new Error('database unreachable'), { name: 'MongoNetworkError' });
  const isUnreachable = (error: unknown) =>
    error instanceof Error && error.name === 'MongoNetworkError';

  it('dead-letters poison records with the reason and keeps applying the rest', async () => {
    await ensureTopics(kafka, [topic], { partitions: 1, replicationFactor: 1 });
    const dlq = await new TopicTap(deadLetterTopic(topic), kafka).open();
    const applied: string[] = [];
    const failing = cloudEvent();
    const good = cloudEvent();
    let transientFailures = 0;
    const flaky = cloudEvent();
    const consumer = consumerOf({
      groupId: `test-group-${suffix}`,
      topics: [topic],
      maxAttempts: 3,
      isTransient: isUnreachable,
      handle: async (event) => {
        if (event.id === failing.id) throw new Error('the handler cannot apply this');
        if (event.id === flaky.id && transientFailures < 5) {
          transientFailures += 1;
          throw unreachable();
        }
        applied.push(event.id);
      },
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'k', value: 'this is not json' },
        { key: 'k', value: JSON.stringify({ hello: 'world' }) },
        { key: 'k', value: JSON.stringify(cloudEvent({ data: { customerId: 'x' } })) },
        // A type this build does not know yet: skipped, neither applied nor dead-lettered.
        {
          key: 'k',
          value: JSON.stringify(cloudEvent({ type: 'crm.customers.CustomerTeleported.v1' })),
        },
        { key: 'k', value: JSON.stringify(failing) },
        { key: 'k', value: JSON.stringify(flaky) },
        { key: 'k', value: JSON.stringify(good) },
      ],
    });
    await producer.disconnect();
    await consumer.start();
    try {
      await eventually(async () => (applied.length === 2 ? true : undefined), {
        timeoutMs: 20_000,
        what: 'the valid records to be applied',
      });
      // Infrastructure failures are waited out, never dead-lettered; order is kept.
      expect(applied).toEqual([flaky.id, good.id]);
      expect(transientFailures).toBe(5);

      const dead = await dlq.waitFor(() => true, { count: 4 });
      expect(dead.map((record) => record.headers['dlq_error_type'])).toEqual([
        'contract_violation',
        'contract_violation',
        'contract_violation',
        'handler_failed',
      ]);
      expect(dead[0]!.headers['dlq_error']).toMatch(/JSON/);
      expect(dead[2]!.headers['dlq_error']).toMatch(/data does not match/);
      expect(dead[3]!.headers['dlq_error']).toBe('the handler cannot apply this');
      expect(dead[3]!.headers['dlq_topic']).toBe(topic);
      expect(dead[3]!.value).toEqual(failing);
    } finally {
      await consumer.stop();
      await dlq.close();
    }

    const admin = kafka.admin();
    await admin.connect();
    const [offsets] = await admin.fetchOffsets({
      groupId: `test-group-${suffix}`,
      topics: [topic],
    });
    await admin.disconnect();
    expect(offsets!.partitions[0]!.offset).toBe('7');
  });

  it('passes over, unparsed and without dead-lettering, the types a consumer does not read', async () => {
    const selective = `${topic}.selective`;
    await ensureTopics(kafka, [selective], { partitions: 1, replicationFactor: 1 });
    const dlq = await new TopicTap(deadLetterTopic(selective), kafka).open();
    const wanted = cloudEvent();
    const unknownType = 'crm.customers.SomethingElse.v1';
    const applied: string[] = [];
    const consumer = consumerOf({
      groupId: `test-selective-${suffix}`,
      topics: [selective],
      // `accepts` is asked with the current type: the version-1 record is taken (and upcast).
      accepts: (type) => type === eventRegistry.typeOf('customers', 'CustomerRegistered'),
      handle: async (event) => {
        applied.push(event.id);
      },
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: selective,
      messages: [
        // Not a valid event of any type the registry knows: it would be dead-lettered if parsed.
        {
          key: 'k',
          value: JSON.stringify({ type: unknownType }),
          headers: { ce_type: unknownType },
        },
        { key: 'k', value: JSON.stringify(wanted), headers: { ce_type: wanted.type } },
        // No header: parsed as before, so a poison record without one still reaches the DLQ.
        { key: 'k', value: 'not json' },
      ],
    });
    await producer.disconnect();
    await consumer.start();
    try {
      const [dead] = await dlq.waitFor(() => true);
      expect(dead!.headers['dlq_offset']).toBe('2');
      expect(applied).toEqual([wanted.id]);
      expect(dlq.records).toHaveLength(1);
    } finally {
      await consumer.stop();
      await dlq.close();
    }
  });

  it('lets a new group begin at the end of the topic, seeing everything sent after start()', async () => {
    const late = `${topic}.latest`;
    await ensureTopics(kafka, [late], { partitions: 2, replicationFactor: 1 });
    const before = cloudEvent();
    const after = cloudEvent();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: late, messages: [{ key: 'a', value: JSON.stringify(before) }] });
    const applied: string[] = [];
    const consumer = consumerOf({
      groupId: `test-latest-${suffix}`,
      topics: [late],
      newGroupStartsAt: 'latest',
      handle: async (event) => {
        applied.push(event.id);
      },
    });
    await consumer.start();
    try {
      // Sent at once, before the group has necessarily joined: still seen.
      await producer.send({ topic: late, messages: [{ key: 'b', value: JSON.stringify(after) }] });
      await eventually(async () => (applied.length > 0 ? true : undefined), {
        what: 'the later record',
      });
      expect(applied).toEqual([after.id]);
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }
  });

  it('stays in its group while a record waits out an outage longer than the session', async () => {
    const slow = `${topic}.outage`;
    await ensureTopics(kafka, [slow], { partitions: 1, replicationFactor: 1 });
    const groupId = `test-outage-${suffix}`;
    const event = cloudEvent();
    const outageUntil = { at: Number.POSITIVE_INFINITY };
    const applied: string[] = [];
    const consumer = consumerOf({
      groupId,
      topics: [slow],
      retryBackoffMs: 200,
      // The broker's minimum: a member silent for 6 s is dropped and the group rebalances.
      sessionTimeoutMs: 6_000,
      isTransient: isUnreachable,
      handle: async (record) => {
        if (Date.now() < outageUntil.at) throw unreachable();
        applied.push(record.id);
      },
    });
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer();
    await producer.connect();
    await consumer.start();
    try {
      const member = async () => {
        const { groups } = await admin.describeGroups([groupId]);
        return { state: groups[0]!.state, members: groups[0]!.members.map((m) => m.memberId) };
      };
      const joined = await eventually(
        async () => {
          const group = await member();
          return group.state === 'Stable' && group.members.length === 1 ? group : undefined;
        },
        { timeoutMs: 30_000, what: 'the consumer to join its group' },
      );
      outageUntil.at = Date.now() + 15_000;
      await producer.send({ topic: slow, messages: [{ key: 'k', value: JSON.stringify(event) }] });
      // Throughout an outage of 2.5 sessions the group keeps the same single member.
      const seen: string[] = [];
      while (Date.now() < outageUntil.at) {
        const group = await member();
        seen.push(`${group.state} ${group.members.join(',')}`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      expect(new Set(seen)).toEqual(new Set([`Stable ${joined.members[0]!}`]));
      await eventually(async () => (applied.length > 0 ? true : undefined), {
        timeoutMs: 20_000,
        what: 'the record once the outage is over',
      });
      expect(applied).toEqual([event.id]);
    } finally {
      await consumer.stop();
      await producer.disconnect();
      await admin.disconnect();
    }
  });
});
