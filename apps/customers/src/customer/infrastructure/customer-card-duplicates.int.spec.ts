import type { CommandStartedEvent } from 'mongodb';
import mongoose, { type Connection } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import type { CloudEvent } from '@crm/contracts';
import { ProjectionSlots } from '@crm/projections';
import { anUpstreamEvent, serviceEnv, uniqueSuffix } from '@crm/testing';
import { loadCustomersConfig } from '@apps/customers/src/customers.config';
import { CustomerCardProjection } from './customer-card.projection';
import type { CustomerCardDocument } from './customer-card.schema';

const PHONE = '+86 571 8888 0000';
const NAME = '杭州莲花贸易有限公司';

const customerEvent = (
  name: string,
  customerId: string,
  sequence: number,
  data: Record<string, unknown>,
): CloudEvent => anUpstreamEvent('customers', name, customerId, sequence, customerId, data);

const registration = (customerId: string, fields: Record<string, unknown>): CloudEvent =>
  customerEvent('CustomerRegistered', customerId, 1, {
    customerId,
    nature: 'ordinary_company',
    region: 'east',
    ownerId: 'rep-1',
    registeredAt: '2026-11-24T08:00:00.000Z',
    ...fields,
  });

/**
 * The duplicate flags are a function of every card's keys and dismissals, not of the order the
 * events arrive in (ADR 143): a rebuild reads the customers topic's partitions in another order than
 * the live consumer met them. Five customers in registration (id) order: `a`, `b` and `d` share the
 * phone, `c` shares `a`'s name, `e` shares nothing; `b` then dismisses `a`. In the second case `a`
 * is merged into `e`: a merged-away card holds no keys, so no card is flagged against it.
 */
describe('customer card duplicate flags (real database)', () => {
  const env = serviceEnv('customers', uniqueSuffix());
  let connection: Connection;
  let projection: CustomerCardProjection;
  let slots: ProjectionSlots;

  const [a, b, c, d, e] = Array.from({ length: 5 }, () => uuidv7());
  const streams: Record<string, CloudEvent[]> = {
    [a]: [registration(a, { name: NAME, phone: PHONE })],
    [b]: [
      registration(b, { name: '宁波海曙商贸', phone: PHONE }),
      customerEvent('PossibleDuplicateDismissed', b, 2, {
        customerId: b,
        otherCustomerId: a,
        dismissedAt: '2026-11-25T08:00:00.000Z',
      }),
    ],
    [c]: [registration(c, { name: NAME })],
    [d]: [registration(d, { name: '绍兴越城五金', phone: PHONE })],
    [e]: [registration(e, { name: '温州鹿城眼镜' })],
  };
  /** What every order must give: each card flagged against the earlier cards sharing a key. */
  const expected = {
    [a]: [],
    [b]: [], // shares the phone with a only, and dismissed a
    [c]: [a],
    [d]: [a, b],
    [e]: [],
  };

  const flagsAfter = async (order: readonly string[]): Promise<Record<string, string[]>> => {
    const target = connection.collection<CustomerCardDocument>(`cards_${uniqueSuffix()}`);
    await projection.ensureIndexes(target);
    // Streams are applied whole, one after another, in `order`: as partitions are read.
    for (const customerId of order) {
      for (const event of streams[customerId]!) await projection.apply(event, target);
    }
    const cards = await target.find({}).toArray();
    for (const card of cards) {
      expect(card.hasPossibleDuplicates).toBe((card.possibleDuplicateOf ?? []).length > 0);
    }
    return Object.fromEntries(cards.map((card) => [card._id, card.possibleDuplicateOf ?? []]));
  };

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(env.MONGODB_URI, { dbName: env.MONGODB_DATABASE })
      .asPromise();
    const config = loadCustomersConfig(env);
    slots = new ProjectionSlots(connection, config);
    projection = new CustomerCardProjection(slots, config);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('flags a card against the earlier cards sharing a key, whatever order the streams arrive in', async () => {
    const registrationOrder = [a, b, c, d, e];
    expect(await flagsAfter(registrationOrder)).toEqual(expected);
    expect(await flagsAfter([...registrationOrder].reverse())).toEqual(expected);
    expect(await flagsAfter([d, b, e, a, c])).toEqual(expected);
  });

  it('flags a card whose profile update gives it the earlier cards’ phone, in either order', async () => {
    const updated = customerEvent('CustomerProfileUpdated', e, 2, {
      customerId: e,
      changes: { phone: PHONE },
      updatedAt: '2026-11-26T08:00:00.000Z',
    });
    const original = { ...streams };
    Object.assign(streams, { [e]: [...streams[e]!, updated] });
    try {
      const after = { ...expected, [e]: [a, b, d] };
      expect(await flagsAfter([a, b, c, d, e])).toEqual(after);
      expect(await flagsAfter([e, d, c, b, a])).toEqual(after);
    } finally {
      Object.assign(streams, original);
    }
  });

  it('drops the flags against a card merged away, in either order', async () => {
    const merged = customerEvent('CustomerMerged', a, 2, {
      customerId: a,
      role: 'duplicate',
      duplicateId: a,
      survivorId: e,
      mergedAt: '2026-11-26T08:00:00.000Z',
    });
    const withMerge = { ...streams, [a]: [...streams[a]!, merged] };
    const original = { ...streams };
    Object.assign(streams, withMerge);
    try {
      // a holds no keys once merged away: c (name) and d (phone with a) lose a; d keeps b.
      const after = { ...expected, [c]: [], [d]: [b] };
      expect(await flagsAfter([a, b, c, d, e])).toEqual(after);
      expect(await flagsAfter([e, d, c, b, a])).toEqual(after);
    } finally {
      Object.assign(streams, original);
    }
  });
  it('sets no other card’s flags when a registration shares its name with many earlier cards', async () => {
    // Command monitoring on a connection of its own: which cards the newest registration writes.
    const watched = await mongoose
      .createConnection(env.MONGODB_URI, { dbName: env.MONGODB_DATABASE, monitorCommands: true })
      .asPromise();
    try {
      const target = watched.collection<CustomerCardDocument>(`cards_${uniqueSuffix()}`);
      await projection.ensureIndexes(target);
      const earlier = Array.from({ length: 30 }, () => uuidv7());
      for (const id of earlier) await projection.apply(registration(id, { name: NAME }), target);
      const newest = uuidv7();
      const written = new Set<unknown>();
      const listener = (event: CommandStartedEvent): void => {
        if (event.commandName !== 'update' || event.command.update !== target.collectionName)
          return;
        for (const update of event.command.updates as { q: { _id: unknown } }[]) {
          written.add(update.q._id);
        }
      };
      watched.getClient().on('commandStarted', listener);
      await projection.apply(registration(newest, { name: NAME }), target);
      watched.getClient().off('commandStarted', listener);

      expect([...written]).toEqual([newest]);
      const flags = Object.fromEntries(
        (await target.find({}).toArray()).map((card) => [card._id, card.possibleDuplicateOf]),
      );
      expect(flags[newest]).toEqual(earlier);
      earlier.forEach((id, index) => expect(flags[id]).toEqual(earlier.slice(0, index)));
    } finally {
      await watched.close();
    }
  });
});
