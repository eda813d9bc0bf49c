import { eventRegistry, type CustomerEvent, type Role } from '@crm/contracts';
import { CommandHandler, CommandScenario, InMemoryEventStore } from '@crm/event-store';
import { OrganizationDirectory, scopeOf } from '@crm/platform';
import {
  customerDecider,
  type CustomerCommand,
} from '@apps/customers/src/customer/domain/customer.decider';
import type { CustomerState } from '@apps/customers/src/customer/domain/customer.state';
import { CustomerErrorCode } from '@apps/customers/src/customer/domain/customer.errors';
import { assertMayHandOver } from '../customer-access.policy';

const now = new Date('2026-11-30T08:00:00.000Z');
const directory = OrganizationDirectory.of({
  version: 7,
  regions: [
    { id: 'east', name: '华东' },
    { id: 'west', name: '华西' },
  ],
  people: [
    { id: 'boss', name: '赵磊', roles: ['admin'] },
    { id: 'mgr-east', name: '王芳', roles: ['sales_manager'], region: 'east', supervisor: 'boss' },
    {
      id: 'rep-leaving',
      name: '李伟',
      roles: ['sales_rep'],
      region: 'east',
      supervisor: 'mgr-east',
    },
    {
      id: 'rep-taking',
      name: '黄杰',
      roles: ['sales_rep'],
      region: 'east',
      supervisor: 'mgr-east',
    },
    { id: 'rep-west', name: '高云', roles: ['sales_rep'], region: 'west' },
  ],
});
const registered = (customerId: string, ownerId: string, keyAccountManagerId?: string) => ({
  type: 'CustomerRegistered',
  data: {
    customerId,
    name: `上海联华贸易有限公司 ${customerId}`,
    nature: 'ordinary_company',
    region: 'east',
    ownerId,
    ...(keyAccountManagerId ? { keyAccountManagerId } : {}),
    registeredAt: '2025-01-01T00:00:00.000Z',
  },
});
const assigned = (customerId: string, keyAccountManagerId: string | null) => ({
  type: 'CustomerOwnerAssigned',
  data: {
    customerId,
    ownerId: 'rep-taking',
    previousOwnerId: 'rep-leaving',
    keyAccountManagerId,
    assignedAt: now.toISOString(),
  },
});
const handOver = { fromRepId: 'rep-leaving', toRepId: 'rep-taking' };
const meta = { actorId: 'mgr-east', correlationId: 'corr-1', causationId: 'corr-1' };

describe('hand-over of a leaving rep: one owner change per customer, once', () => {
  let store: InMemoryEventStore;
  let handler: CommandHandler<CustomerState, CustomerCommand, CustomerEvent>;
  const run = (customerId: string, idempotencyKey?: string) =>
    handler.handle(
      customerId,
      { type: 'HandOver', data: handOver, now },
      { ...meta, ...(idempotencyKey ? { idempotencyKey } : {}) },
    );

  beforeEach(() => {
    store = new InMemoryEventStore({ context: 'customers', registry: eventRegistry });
    handler = new CommandHandler(store, customerDecider);
  });

  it("moves the leaving rep's customer, and the key-account role they held on it", () =>
    new CommandScenario(store)
      .given('c-1', registered('c-1', 'rep-leaving', 'rep-leaving'))
      .when(() => run('c-1'))
      .thenAppended({ 'c-1': [assigned('c-1', 'rep-taking')] }));

  it('keeps a key-account manager who is someone else', () =>
    new CommandScenario(store)
      .given('c-2', registered('c-2', 'rep-leaving', 'kam-9'))
      .when(() => run('c-2'))
      .thenAppended({ 'c-2': [assigned('c-2', 'kam-9')] }));

  it('leaves alone a customer the leaving rep does not own (another rep, or handed over already)', async () => {
    await new CommandScenario(store)
      .given('c-3', registered('c-3', 'rep-west'))
      .when(() => run('c-3'))
      .thenNothingAppended();
    await new CommandScenario(store)
      .given('c-4', registered('c-4', 'rep-leaving'), assigned('c-4', null))
      .when(() => run('c-4'))
      .thenNothingAppended();
  });

  it('a retry, with or without the same key, changes nothing more', async () => {
    await new CommandScenario(store)
      .given('c-5', registered('c-5', 'rep-leaving'))
      .when(() => run('c-5', 'handover-key:c-5'))
      .thenAppended({ 'c-5': [assigned('c-5', null)] });
    await new CommandScenario(store)
      .when(() => run('c-5', 'handover-key:c-5'))
      .thenNothingAppended();
    await new CommandScenario(store).when(() => run('c-5')).thenNothingAppended();
  });
});

describe('who may hand customers over', () => {
  const scope = (userId: string, roles: Role[], region?: string) =>
    scopeOf({ userId, roles, ...(region ? { region } : {}) }, directory);
  const refusal = (action: () => void) => {
    try {
      action();
      return undefined;
    } catch (error) {
      const { code, details } = error as { code: string; details: { errors?: unknown } };
      return { code, errors: details.errors };
    }
  };

  it('a manager between two reps of their region; an admin between any two people', () => {
    expect(
      refusal(() => assertMayHandOver(scope('mgr-east', ['sales_manager']), handOver, directory)),
    ).toBeUndefined();
    const toWest = { fromRepId: 'rep-leaving', toRepId: 'rep-west' };
    expect(
      refusal(() => assertMayHandOver(scope('boss', ['admin']), toWest, directory)),
    ).toBeUndefined();
  });

  it('refuses, naming the field, someone outside the directory or the region, or the same person', () => {
    const manager = scope('mgr-east', ['sales_manager']);
    expect(
      refusal(() =>
        assertMayHandOver(manager, { fromRepId: 'ghost', toRepId: 'rep-taking' }, directory),
      ),
    ).toEqual({
      code: CustomerErrorCode.HandOverRefused,
      errors: [{ field: 'fromRepId', message: 'is not a person of the organization' }],
    });
    expect(
      refusal(() =>
        assertMayHandOver(manager, { fromRepId: 'rep-leaving', toRepId: 'rep-west' }, directory),
      ),
    ).toEqual({
      code: CustomerErrorCode.HandOverRefused,
      errors: [{ field: 'toRepId', message: 'does not work in your region' }],
    });
    expect(
      refusal(() =>
        assertMayHandOver(manager, { fromRepId: 'rep-leaving', toRepId: 'rep-leaving' }, directory),
      ),
    ).toEqual({
      code: CustomerErrorCode.HandOverRefused,
      errors: [{ field: 'toRepId', message: 'must differ from fromRepId' }],
    });
  });

  it('refuses a manager without a region and a rep', () => {
    expect(
      refusal(() => assertMayHandOver(scope('mgr-nowhere', ['sales_manager']), handOver, directory))
        ?.code,
    ).toBe(CustomerErrorCode.OwnerNotAllowed);
    expect(
      refusal(() => assertMayHandOver(scope('rep-leaving', ['sales_rep']), handOver, directory))
        ?.code,
    ).toBe(CustomerErrorCode.OwnerNotAllowed);
  });
});
