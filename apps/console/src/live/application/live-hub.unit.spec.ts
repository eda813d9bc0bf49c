import { OrganizationDirectory, type CustomerRef } from '@crm/platform';
import type { ConsoleUser } from '@apps/console/src/session/domain/console-user';
import type { LiveNotice } from '@apps/console/src/live/domain/live-notice';
import { LiveHub } from './live-hub';

const directory = OrganizationDirectory.of({
  version: 1,
  regions: [
    { id: 'east', name: '华东' },
    { id: 'west', name: '华西' },
  ],
  people: [
    { id: 'rep-east-1', name: '李伟', roles: ['sales_rep'], region: 'east' },
    { id: 'rep-west-1', name: '高云', roles: ['sales_rep'], region: 'west' },
    { id: 'manager-east', name: '王芳', roles: ['sales_manager'], region: 'east' },
  ],
});

const user = (userId: string, roles: ConsoleUser['roles']): ConsoleUser => ({
  userId,
  name: userId,
  roles,
});

/** Many customers, each with an owner and region; a lookup counter proves one read per notice. */
const customers = new Map<string, CustomerRef>(
  Array.from({ length: 2_000 }, (_, index): [string, CustomerRef] => [
    `客户-${index}`,
    index % 2 === 0
      ? { ownerId: 'rep-east-1', region: 'east' }
      : { ownerId: 'rep-west-1', region: 'west' },
  ]),
);

const followUp = (customerId: string, n: number): LiveNotice => ({
  id: `event-${n}`,
  customerId,
  at: '2026-11-30T02:00:00.000Z',
  kind: 'follow-up',
  followUpId: `fu-${n}`,
  status: 'due',
  reason: 'first_purchase',
});

const listen = (hub: LiveHub, who: ConsoleUser) => {
  const got: string[] = [];
  const leave = hub.join(who, (notice) => got.push(notice.customerId));
  return { got, leave };
};

describe('live notices go to the browsers whose scope covers the customer', () => {
  let lookups: number;
  let hub: LiveHub;
  beforeEach(() => {
    lookups = 0;
    hub = new LiveHub(
      directory,
      (customerId) => {
        lookups += 1;
        return Promise.resolve(customers.get(customerId));
      },
      { maxPending: 10_000 },
    );
  });

  it('a rep gets only their own customers, a manager their region, an analyst and an agent all, in order', async () => {
    const east = listen(hub, user('rep-east-1', ['sales_rep']));
    const west = listen(hub, user('rep-west-1', ['sales_rep']));
    const manager = listen(hub, user('manager-east', ['sales_manager']));
    const analyst = listen(hub, user('analyst-1', ['analyst']));
    const agent = listen(hub, user('agent-1', ['service_agent']));
    const ids = [...customers.keys()];
    await Promise.all(ids.map((id, n) => hub.publish(followUp(id, n))));

    const evens = ids.filter((_, index) => index % 2 === 0);
    const odds = ids.filter((_, index) => index % 2 === 1);
    expect(east.got).toEqual(evens);
    expect(west.got).toEqual(odds);
    expect(manager.got).toEqual(evens);
    expect(analyst.got).toEqual(ids);
    expect(agent.got).toEqual(ids);
    // Only the scoped listeners need the owner and region.
    expect(lookups).toBe(3 * ids.length);
  });

  it('withholds a notice whose customer cannot be placed, and one for an unknown customer', async () => {
    const failing = new LiveHub(directory, () => Promise.reject(new Error('customers down')), {
      maxPending: 10,
    });
    const rep = listen(failing, user('rep-east-1', ['sales_rep']));
    const admin = listen(failing, user('admin-1', ['admin']));
    await failing.publish(followUp('客户-0', 1));
    expect(rep.got).toEqual([]);
    expect(admin.got).toEqual(['客户-0']);

    const repOfHub = listen(hub, user('rep-east-1', ['sales_rep']));
    await hub.publish(followUp('已删除的客户', 2));
    expect(repOfHub.got).toEqual([]);
  });

  it('sends nothing after the browser left, nor to a role that sees no customer', async () => {
    const rep = listen(hub, user('rep-east-1', ['sales_rep']));
    const officer = listen(hub, user('dpo-1', ['data_protection_officer']));
    rep.leave();
    await hub.publish(followUp('客户-0', 1));
    expect(rep.got).toEqual([]);
    expect(officer.got).toEqual([]);
    expect(hub.size).toBe(1);
  });
});
