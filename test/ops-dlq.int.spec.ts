import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Partitioners } from 'kafkajs';
import { deadLetterTopic, Topics } from '@crm/contracts';
import { ensureTopics } from '@crm/messaging';
import { testKafka, testTopic, TopicTap, uniqueSuffix } from '@crm/testing';

const run = promisify(execFile);
const root = join(__dirname, '..');

/** The runbook's DLQ tool (scripts/dlq.mjs) against a real broker. */
describe('draining a DLQ (npm run dlq)', () => {
  const suffix = uniqueSuffix();
  const topic = testTopic(suffix, Topics.customers);
  const dlq = deadLetterTopic(topic);
  const kafka = testKafka('ops-dlq-test');
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  let tap: TopicTap;

  beforeAll(async () => {
    tap = await new TopicTap(topic).open();
    await ensureTopics(kafka, [topic], { partitions: 3, replicationFactor: 1 }); // and its DLQ
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await tap.close();
  });

  const deadLetter = (id: string) => ({
    key: `customer-${id}`,
    value: JSON.stringify({ id, type: 'crm.customers.CustomerRegistered.v1' }),
    headers: {
      ce_type: 'crm.customers.CustomerRegistered.v1',
      ce_id: id,
      dlq_error: 'handler failed',
      dlq_error_type: 'handler_failed',
      dlq_group: `test-${suffix}.analytics.customer-360`,
      dlq_topic: topic,
      dlq_partition: '0',
      dlq_offset: '0',
    },
  });
  const dlqTool = (...args: string[]) =>
    runTool(...args).catch((error: Error & { stdout?: string; stderr?: string }) => {
      throw new Error(`${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
    });
  const runTool = (...args: string[]) =>
    run(process.execPath, ['scripts/dlq.mjs', dlq, '--group-prefix', `test-${suffix}`, ...args], {
      cwd: root,
      env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1' },
      timeout: 30_000,
    });

  it('lists without changing anything, replays each record once to its topic without the dlq headers', async () => {
    await producer.send({
      topic: dlq,
      messages: [deadLetter(`${suffix}-1`), deadLetter(`${suffix}-2`)],
    });

    const listing = await dlqTool();
    expect(listing.stdout).toContain(`${dlq}: 2 record(s)`);
    expect(listing.stdout).toContain('handler_failed crm.customers.CustomerRegistered.v1');

    const first = await dlqTool('--replay');
    expect(first.stdout).toContain('2 replayed');
    const replayed = await tap.waitFor(
      (record) => record.headers['ce_id']?.startsWith(suffix) ?? false,
      { count: 2 },
    );
    expect(replayed.map((record) => record.key).sort()).toEqual([
      `customer-${suffix}-1`,
      `customer-${suffix}-2`,
    ]);
    expect(Object.keys(replayed[0]!.headers).filter((name) => name.startsWith('dlq_'))).toEqual([]);

    // A second run replays only what arrived since.
    await producer.send({ topic: dlq, messages: [deadLetter(`${suffix}-3`)] });
    const second = await dlqTool('--replay');
    expect(second.stdout).toContain('1 replayed');
    await tap.waitFor((record) => record.headers['ce_id'] === `${suffix}-3`);
    expect(
      tap.records.filter((record) => record.headers['ce_id']?.startsWith(suffix)),
    ).toHaveLength(3);
  });
});
