import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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

  /** Registers each customer straight in the store, named `<name> <id>`. */
  const registered = async (customerIds: readonly string[], name: string) => {
    for (const customerId of customerIds) {
      await store.append(
        customerId,
        0,
        [
          {
            type: 'CustomerRegistered',
            data: {
              customerId,
              name: `${name} ${customerId}`,
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
  };

  it('acceptance 2: replaying an import of the same 10,000 purchases leaves revenue and points unchanged', async () => {
    const customerIds = Array.from({ length: CUSTOMERS }, () => uuidv7());
    await registered(customerIds, 'Importer');
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

  it('a file imported again after a crash mid-file, and twice at once, records each purchase once', async () => {
    const customers = 20;
    const purchases = 1_200;
    // Small writes and rounds, so the file takes many of each (ADR 150).
    const small = loadCustomersConfig(
      serviceEnv('customers', suffix, {
        IMPORT_BATCH_LINES: '25',
        IMPORT_BUFFERED_LINES: '300',
        IMPORT_CUSTOMERS_PER_WRITE: '7',
      }),
    );
    const customerIds = Array.from({ length: customers }, () => uuidv7());
    await registered(customerIds, '重放客户');
    // The expected figures are summed here, row by row, independently of the import.
    const expectedCents = new Map(customerIds.map((id) => [id, 0n]));
    const lines: string[] = [];
    for (let i = 0; i < purchases; i += 1) {
      const customerId = customerIds[(i * 7) % customers]!;
      const cents = 1 + ((i * 104_729) % 99_999_999);
      expectedCents.set(customerId, expectedCents.get(customerId)! + BigInt(cents));
      lines.push(
        JSON.stringify({
          customerId,
          amount: (cents / 100).toFixed(2),
          currency: 'CNY',
          occurredAt: new Date(Date.UTC(2025, 5, 1) + i * 60_000).toISOString(),
          productLine: '阀门 · 高压',
          sourceSystem: 'erp-yonyou',
          orderReference: `CRASH-${suffix}-${i}`,
        }),
      );
    }
    const whole = join(dir, 'whole.ndjson');
    const cut = join(dir, 'cut.ndjson');
    await writeFile(whole, `${lines.join('\n')}\n`);
    // The crash: the first run saw 737 lines and half of the next one.
    const cutAt = 737;
    await writeFile(cut, `${lines.slice(0, cutAt).join('\n')}\n${lines[cutAt]!.slice(0, 40)}`);

    const crashed = await importPurchases({
      config: small,
      file: cut,
      onRejected: () => undefined,
    });
    expect(crashed).toEqual({ lines: cutAt + 1, recorded: cutAt, duplicates: 0, rejected: 1 });
    const [again, sameTime] = await Promise.all([
      importPurchases({ config: small, file: whole, onRejected: () => undefined }),
      importPurchases({ config: small, file: whole, onRejected: () => undefined }),
    ]);
    expect(again.recorded + sameTime.recorded).toBe(purchases - cutAt);
    expect(again.duplicates + sameTime.duplicates).toBe(purchases + cutAt);
    expect([again.rejected, sameTime.rejected]).toEqual([0, 0]);

    const repository = new CustomerRepository(store);
    for (const customerId of customerIds) {
      const { state } = await repository.load(customerId);
      if (!state.registered) throw new Error(`${customerId} is not registered`);
      expect({ customerId, cents: state.revenueMinor }).toEqual({
        customerId,
        cents: expectedCents.get(customerId),
      });
      const { events } = await store.load(customerId);
      const recorded = events.filter((event) => event.type === 'PurchaseRecorded');
      expect(recorded).toHaveLength(purchases / customers);
      expect(new Set(recorded.map((event) => event.data['orderReference'])).size).toBe(
        purchases / customers,
      );
    }
    // D1: one audit entry per commit the imports appended, naming its purchases.
    const db = mongo.db(env.MONGODB_DATABASE);
    const commits = await db
      .collection<{ stream: string; events: { type: string }[] }>('event_commits')
      .find({ 'events.0.type': 'PurchaseRecorded' })
      .toArray();
    const mine = commits.filter((commit) => customerIds.includes(commit.stream));
    const audited = (
      await db
        .collection<{ customerId: string; what: string[] }>('audit_log')
        .find({ actorId: 'system:purchase-import' })
        .toArray()
    ).filter((entry) => customerIds.includes(entry.customerId));
    expect(audited).toHaveLength(mine.length);
    expect(
      audited.flatMap((entry) => entry.what).filter((t) => t === 'PurchaseRecorded'),
    ).toHaveLength(purchases);
  }, 600_000);
});
