import mongoose, { type Connection } from 'mongoose';
import { ProjectionSlots } from '@crm/projections';
import { serviceEnv, uniqueSuffix } from '@crm/testing';
import { loadCustomersConfig } from '@apps/customers/src/customers.config';
import { customerCardSchema, CUSTOMER_CARDS } from './customer-card.schema';
import { CustomerCardProjection } from './customer-card.projection';

/**
 * Acceptance 6, second half: listing by tier and owner is served by an index. Seeded with 20,000
 * cards, not 1 million: enough for a cost-based planner to prefer an index where it can use one,
 * and small enough for a shared 2-core test machine.
 */
const CARDS = 20_000;

type Plan = Record<string, unknown>;

const findStages = (plan: unknown, found: Plan[] = []): Plan[] => {
  if (plan && typeof plan === 'object') {
    const node = plan as Plan;
    if (typeof node['stage'] === 'string') found.push(node);
    for (const value of Object.values(node)) findStages(value, found);
  }
  return found;
};

describe('customer_cards listing indexes', () => {
  const env = serviceEnv('customers', uniqueSuffix());
  let connection: Connection;
  let projection: CustomerCardProjection;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(env.MONGODB_URI, { dbName: env.MONGODB_DATABASE })
      .asPromise();
    await connection.model('CustomerCard', customerCardSchema).createIndexes();
    const config = loadCustomersConfig(env);
    const slots = new ProjectionSlots(connection, config);
    projection = new CustomerCardProjection(slots, config);
    // As the runner does when it registers the projection.
    slots.declare(projection.name, projection.collection);
    const cards = connection.collection(CUSTOMER_CARDS);
    for (let offset = 0; offset < CARDS; offset += 5_000) {
      await cards.insertMany(
        Array.from({ length: 5_000 }, (_, i) => {
          const n = offset + i;
          return {
            _id: `c-${String(n).padStart(7, '0')}` as never,
            name: `Customer ${n}`,
            nameKey: `customer ${n}`,
            nature: 'ordinary_company',
            region: `r${n % 20}`,
            ownerId: `rep-${n % 400}`,
            tier: ['A', 'B', 'C', 'C', 'C'][n % 5],
            lifecycle: 'active',
            applied: {},
          };
        }),
      );
    }
  }, 120_000);

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('has the indexes the listing queries name', async () => {
    const indexes = await connection.collection(CUSTOMER_CARDS).indexes();
    expect(indexes.map((index) => index.key)).toEqual(
      expect.arrayContaining([
        { tier: 1, ownerId: 1, _id: 1 },
        { ownerId: 1, _id: 1 },
        { region: 1, _id: 1 },
        { lifecycle: 1, _id: 1 },
        { nameKey: 1 },
        { contactNames: 1 },
      ]),
    );
  });

  it('lists by tier and owner through the compound index (MongoDB), or with the filter pushed down (FerretDB)', async () => {
    const explain = await projection.explain({ tier: 'A', ownerId: 'rep-5' }, 50);
    const serverInfo = explain['serverInfo'] as { ferretdbVersion?: string } | undefined;
    if (serverInfo?.ferretdbVersion === undefined) {
      const stages = findStages(explain['queryPlanner']);
      expect(stages.map((stage) => stage['stage'])).not.toContain('COLLSCAN');
      expect(stages).toContainEqual(
        expect.objectContaining({ stage: 'IXSCAN', indexName: 'tier_1_ownerId_1__id_1' }),
      );
    } else {
      // FerretDB 1.24 on PostgreSQL reports PostgreSQL's plan. It translates equality filters to
      // jsonb containment (`@>`), which its expression indexes cannot serve: the best it offers is
      // that the filter runs inside PostgreSQL rather than after fetching every document.
      expect(explain).toMatchObject({ filterPushdown: true });
      const filter = JSON.stringify(explain['queryPlanner']);
      expect(filter).toContain("'tier'");
      expect(filter).toContain("'ownerId'");
    }
    const page = await projection.page({ tier: 'A', ownerId: 'rep-5' }, undefined, 50);
    expect(page.length).toBe(50);
    expect(page.every((card) => card.tier === 'A' && card.ownerId === 'rep-5')).toBe(true);
  });
});
