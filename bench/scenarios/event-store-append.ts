import { v7 as uuidv7 } from 'uuid';
import { customerRegistered, eventRegistry } from '@crm/contracts';
import { MongoEventStore } from '@crm/event-store';
import type { BenchContext } from '../context';
import { measure, runConcurrently, summarize, type Measurement } from '../support';

/** Scenario 1: single-event appends to distinct streams vs the raw driver's insertOne/insertMany. */
export async function eventStoreAppend(context: BenchContext): Promise<Measurement[]> {
  const db = context.mongo.db(`bench_append_${context.suffix}`);
  const store = new MongoEventStore(db, { context: 'customers', registry: eventRegistry, newId: uuidv7 });
  await store.ensureIndexes();
  const raw = db.collection('raw_commits');
  // The same indexes as the store, so the comparison isolates the store's own work.
  await raw.createIndex({ stream: 1, from: 1 }, { unique: true });
  await raw.createIndex({ idem: 1 }, { unique: true });
  await raw.createIndex({ published: 1, createdAt: 1 });

  const count = context.quick ? 400 : 3_000;
  const meta = { actorId: 'bench', correlationId: 'bench', causationId: 'bench' };
  const results: Measurement[] = [];
  const rawDocument = () => {
    const stream = uuidv7();
    const id = uuidv7();
    return {
      _id: id,
      stream,
      from: 1,
      to: 1,
      events: [
        {
          id: uuidv7(),
          stream,
          sequence: 1,
          type: 'CustomerRegistered',
          schemaVersion: 1,
          data: { ...customerRegistered.example, customerId: stream },
          occurredAt: new Date().toISOString(),
          customerId: stream,
          ...meta,
        },
      ],
      idem: id,
      published: false,
      createdAt: new Date(),
    };
  };
  for (const concurrency of [1, 16, 64]) {
    const baseline = await runConcurrently(count, concurrency, async () => {
      await raw.insertOne(rawDocument() as never);
    });
    const ours = await runConcurrently(count, concurrency, async () => {
      const stream = uuidv7();
      await store.append(
        stream,
        0,
        [{ type: 'CustomerRegistered', data: { ...customerRegistered.example, customerId: stream } }],
        { ...meta, customerId: stream },
      );
    });
    const label = `concurrency ${concurrency}`;
    const oursLatency = summarize(ours.latencies);
    const rawLatency = summarize(baseline.latencies);
    results.push(
      measure('1 event-store append', `${label}: events/s`, 'events/s', count / ours.seconds, count / baseline.seconds, 'higher_is_better'),
      measure('1 event-store append', `${label}: p99`, 'ms', oursLatency.p99, rawLatency.p99, 'lower_is_better'),
    );
    context.log(`append c=${concurrency}: ${Math.round(count / ours.seconds)}/s vs raw ${Math.round(count / baseline.seconds)}/s`);
  }
  // insertMany shows what batching would buy (the store appends one command at a time by design).
  const batches = context.quick ? 4 : 30;
  const started = performance.now();
  for (let batch = 0; batch < batches; batch += 1) {
    await raw.insertMany(Array.from({ length: 100 }, rawDocument) as never[]);
  }
  const batchedRate = (batches * 100) / ((performance.now() - started) / 1000);
  results.push(measure('1 event-store append', 'raw insertMany ×100 (reference)', 'events/s', batchedRate, null, 'higher_is_better'));
  await db.dropDatabase();
  return results;
}
