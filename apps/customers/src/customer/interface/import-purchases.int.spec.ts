import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { eventRegistry } from '@crm/contracts';
import { MongoEventStore } from '@crm/event-store';
import { serviceEnv, uniqueSuffix } from '@crm/testing';
import { loadCustomersConfig } from '@apps/customers/src/customers.config';
import { CustomerRepository } from '../application/customer.repository';
import { importPurchases } from './import-purchases.cli';

/**
 * Acceptance 2 against the real database, through the CLI's own entry point. No customers service
 * runs here, so the 20,000 events stay unpublished in this test's private database (the service's
 * relay would publish them): a shared Kafka topic is not flooded on every run.
 */
const PURCHASES = 10_000;
const CUSTOMERS = 200;
/** 50 rows per customer in batches of 20: three commits each, recorded one after the other. */
const BATCH_LINES = 20;

describe('npm run import:purchases', () => {
  const suffix = uniqueSuffix();
  const env = serviceEnv('customers', suffix, { IMPORT_BATCH_LINES: String(BATCH_LINES) });
  const config = loadCustomersConfig(env);
  let mongo: MongoClient;
  let store: MongoEventStore;
  let dir: string;

  beforeAll(async () => {
    mongo = await MongoClient.connect(env.MONGODB_URI);
    store = new MongoEventStore(mongo.db(env.MONGODB_DATABASE), {
      context: 'customers',
      registry: eventRegistry,
      newId: uuidv7,
    });
    await store.ensureIndexes();
    dir = await mkdtemp(join(tmpdir(), 'import-'));
  });

  afterAll(async () => {
    await mongo.db(env.MONGODB_DATABASE).dropDatabase();
    await mongo.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('acceptance 2: replaying an import of the same 10,000 purchases leaves revenue and points unchanged', async () => {
    const customerIds = Array.from({ length: CUSTOMERS }, () => uuidv7());
    for (const customerId of customerIds) {
      await store.append(
        customerId,
        0,
        [
          {
            type: 'CustomerRegistered',
            data: {
              customerId,
              name: `Importer ${customerId}`,
              nature: 'ordinary_company',
              region: 'east',
              ownerId: 'rep-1',
              registeredAt: new Date().toISOString(),
            },
          },
        ],
        { actorId: 'test', correlationId: 'seed', causationId: 'seed', customerId },
      );
    }
    const file = join(dir, 'purchases.ndjson');
    const out = createWriteStream(file);
    let expectedCents = 0;
    let expectedPoints = 0;
    for (let i = 0; i < PURCHASES; i += 1) {
      // Exact two-decimal amounts, as an ERP writes them (a float sum such as 50 + 0.07 can print
      // as 50.070000000000004, which the import refuses instead of rounding: ADR 90).
      const cents = 5_000 + ((i * 7919) % 100_000);
      const amount = cents / 100;
      expectedCents += cents;
      expectedPoints += Math.floor(cents / 10_000);
      const row = {
        customerId: customerIds[i % CUSTOMERS],
        amount,
        currency: 'CNY',
        occurredAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
        productLine: i % 2 ? 'pumps' : '阀门 · 高压',
        sourceSystem: 'erp-sap',
        orderReference: `BULK-${suffix}-${i}`,
      };
      out.write(`${JSON.stringify(row)}\n`);
      // Hostile lines among the good ones: the same order again (one purchase), an amount with
      // three decimals (refused, naming the line) and a customer that does not exist.
      if (i === 4_321) out.write(`${JSON.stringify(row)}\n`);
      if (i === 6_000) {
        out.write(`${JSON.stringify({ ...row, orderReference: 'BAD-AMOUNT', amount: 1.005 })}\n`);
        out.write(
          `${JSON.stringify({ ...row, orderReference: 'NOBODY', customerId: uuidv7() })}\n`,
        );
      }
    }
    await new Promise((resolve) => out.end(resolve));

    const repository = new CustomerRepository(store);
    const totals = async () => {
      let cents = 0;
      let points = 0;
      for (const customerId of customerIds) {
        const { state } = await repository.load(customerId);
        if (!state.registered) throw new Error(`${customerId} is not registered`);
        cents += Number(state.revenueMinor);
        points += state.pointsBalance;
      }
      const commits = await mongo
        .db(env.MONGODB_DATABASE)
        .collection('event_commits')
        .countDocuments({});
      return { cents, points, commits };
    };
    const rejected: unknown[] = [];

    const lines = PURCHASES + 3;
    const first = await importPurchases({ config, file, onRejected: (row) => rejected.push(row) });
    expect(first).toEqual({ lines, recorded: PURCHASES, duplicates: 1, rejected: 2 });
    const before = await totals();
    const batches = Math.ceil(PURCHASES / CUSTOMERS / BATCH_LINES);
    expect(before).toEqual({
      cents: expectedCents,
      points: expectedPoints,
      commits: CUSTOMERS + CUSTOMERS * batches,
    });

    const replay = await importPurchases({ config, file, onRejected: (row) => rejected.push(row) });
    expect(replay).toEqual({ lines, recorded: 0, duplicates: PURCHASES + 1, rejected: 2 });
    expect(await totals()).toEqual(before);
    // Line numbers count from 1: row 6,000 is line 6,002 after the repeated row 4,321.
    const refusedLines = rejected.map((row) => (row as { line: number }).line);
    expect(refusedLines.sort((a, b) => a - b)).toEqual([6_003, 6_003, 6_004, 6_004]);
    expect(JSON.stringify(rejected)).toContain('amount');
    expect(JSON.stringify(rejected)).toContain('not found');
    // Each batch is audited once, naming every purchase it recorded.
    const audited = await mongo
      .db(env.MONGODB_DATABASE)
      .collection<{ what: string[] }>('audit_log')
      .find({ actorId: 'system:purchase-import' })
      .toArray();
    expect(audited).toHaveLength(CUSTOMERS * batches);
    const purchasesAudited = audited.flatMap((entry) =>
      entry.what.filter((type) => type === 'PurchaseRecorded'),
    );
    expect(purchasesAudited).toHaveLength(PURCHASES);
  }, 900_000);
});
