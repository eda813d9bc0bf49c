import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { customerRegistered, eventRegistry } from '@crm/contracts';
import { MongoEventStore } from '@crm/event-store';
import { serviceEnv } from '@crm/testing';
import { importPurchases } from '@apps/customers/src/customer/interface/import-purchases.cli';
import { loadCustomersConfig } from '@apps/customers/src/customers.config';
import type { BenchContext } from '../context';
import { measure, runConcurrently, type Measurement } from '../support';

/**
 * Scenario 9: the bulk ERP import (`npm run import:purchases`) of an NDJSON file, in lines/s,
 * against the floor of writing the same rows to the same database as plain documents
 * (`insertMany` in batches of 500, no validation, no events).
 */
export async function bulkImport(context: BenchContext): Promise<Measurement[]> {
  const lines = context.quick ? 10_000 : 100_000;
  const customers = context.quick ? 200 : 2_000;
  const database = `bench_import_${context.suffix}`;
  const db = context.mongo.db(database);
  const store = new MongoEventStore(db, { context: 'customers', registry: eventRegistry, newId: uuidv7 });
  await store.ensureIndexes();
  const customerIds = Array.from({ length: customers }, () => uuidv7());
  await runConcurrently(customers, 16, async (index) => {
    const customerId = customerIds[index]!;
    await store.append(
      customerId,
      0,
      [{ type: 'CustomerRegistered', data: { ...customerRegistered.example, customerId } }],
      { actorId: 'bench', correlationId: 'bench', causationId: 'bench', customerId },
    );
  });
  const dir = await mkdtemp(join(tmpdir(), 'bench-import-'));
  const file = join(dir, 'purchases.ndjson');
  const rows: Record<string, unknown>[] = [];
  const out = createWriteStream(file);
  for (let i = 0; i < lines; i += 1) {
    const row = {
      customerId: customerIds[(i * 7919) % customers]!,
      amount: (5_000 + ((i * 104_729) % 10_000_000)) / 100,
      currency: 'CNY',
      occurredAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
      productLine: i % 3 ? 'pumps' : '阀门 · 高压',
      sourceSystem: 'erp-sap',
      orderReference: `BENCH-${context.suffix}-${i}`,
    };
    rows.push(row);
    out.write(`${JSON.stringify(row)}\n`);
  }
  await new Promise((resolve) => out.end(resolve));
  try {
    const config = loadCustomersConfig(serviceEnv('customers', context.suffix, { MONGODB_DATABASE: database }));
    let started = performance.now();
    const summary = await importPurchases({ config, file, onRejected: () => undefined });
    const importSeconds = (performance.now() - started) / 1000;
    if (summary.recorded !== lines) throw new Error(`bulk import recorded ${summary.recorded} of ${lines}`);
    const raw = db.collection('bench_raw_rows');
    started = performance.now();
    for (let offset = 0; offset < rows.length; offset += 500) {
      await raw.insertMany(rows.slice(offset, offset + 500).map((row) => ({ ...row })));
    }
    const rawSeconds = (performance.now() - started) / 1000;
    context.log(`bulk import: ${Math.round(lines / importSeconds)} lines/s vs raw ${Math.round(lines / rawSeconds)}/s`);
    return [
      measure(
        '9 bulk import',
        `${lines} lines, ${customers} customers`,
        'lines/s',
        lines / importSeconds,
        lines / rawSeconds,
        'higher_is_better',
      ),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
    await db.dropDatabase();
  }
}
