import { tierForMonth } from '@crm/contracts';
import {
  buildVisitPlan,
  proposeDays,
  summarizePlan,
  type VisitPlanPolicy,
} from './visit-plan.rules';

const policy: VisitPlanPolicy = {
  requiredVisits: { A: 3, B: 2, C: 1 },
  firstWeekDays: 7,
  defaultTier: 'C',
};
const customer = (customerId: string, ownerId = 'rep-1', region = 'east') => ({
  customerId,
  name: `Customer ${customerId}`,
  region,
  ownerId,
});

describe('monthly visit plan (D4)', () => {
  it('given no tier yet, then the customer counts as C; a change mid-month applies from the next month', () => {
    expect(tierForMonth([], '2026-12', policy)).toBe('C');
    const history = [
      { tier: 'C' as const, effectiveAt: '2026-11-02T00:00:00.000Z' },
      { tier: 'A' as const, effectiveAt: '2026-12-15T00:00:00.000Z' },
    ];
    expect(tierForMonth(history, '2026-11', policy)).toBe('C');
    expect(tierForMonth(history, '2026-12', policy)).toBe('C');
    expect(tierForMonth(history, '2027-01', policy)).toBe('A');
  });

  it('given tiers A, B, C, then 3, 2 and 1 visits are required, and compliance counts completed ÷ required', () => {
    const plan = buildVisitPlan({
      month: '2026-12',
      today: '2026-12-01',
      customers: [customer('a'), customer('b'), customer('c')],
      tiers: new Map([
        ['a', [{ tier: 'A' as const, effectiveAt: '2026-11-30T00:00:00.000Z' }]],
        ['b', [{ tier: 'B' as const, effectiveAt: '2026-11-30T00:00:00.000Z' }]],
      ]),
      visits: [
        {
          visitId: 'v1',
          customerId: 'a',
          repId: 'rep-1',
          plannedDate: '2026-12-01',
          channel: 'face_to_face' as const,
          status: 'completed',
        },
        {
          visitId: 'v2',
          customerId: 'a',
          repId: 'rep-1',
          plannedDate: '2026-12-03',
          channel: 'face_to_face' as const,
          status: 'planned',
        },
        {
          visitId: 'v3',
          customerId: 'b',
          repId: 'rep-1',
          plannedDate: '2026-12-03',
          channel: 'face_to_face' as const,
          status: 'missed',
        },
        {
          visitId: 'v4',
          customerId: 'c',
          repId: 'rep-2',
          plannedDate: '2026-12-03',
          channel: 'face_to_face' as const,
          status: 'completed',
        },
      ],
      policy,
    });
    const row = (customerId: string, repId = 'rep-1') =>
      plan.rows.find((r) => r.customerId === customerId && r.repId === repId);
    expect(row('a')).toMatchObject({
      tier: 'A',
      required: 3,
      planned: 1,
      completed: 1,
      missing: 1,
      compliance: 0.3333,
    });
    expect(row('b')).toMatchObject({
      tier: 'B',
      required: 2,
      planned: 0,
      completed: 0,
      missed: 1,
      missing: 2,
      compliance: 0,
    });
    // rep-2's visit to c counts for c, on its owner's row.
    expect(row('c')).toMatchObject({
      tier: 'C',
      required: 1,
      counted: 1,
      missing: 0,
      compliance: 1,
      phoneCallAllowed: true,
    });
    expect(row('c', 'rep-2')).toMatchObject({ required: 0, completed: 1, compliance: null });
    expect(summarizePlan(plan)).toEqual({
      month: '2026-12',
      customers: { A: 1, B: 1, C: 1 },
      requiredVisits: { A: 3, B: 2, C: 1 },
      totalRequiredVisits: 6,
      reps: 1,
    });
    expect(plan.routes).toEqual([
      {
        repId: 'rep-1',
        anchorCustomerId: 'a',
        day: '2026-12-03',
        nearby: [
          { customerId: 'b', name: 'Customer b', tier: 'B' },
          { customerId: 'c', name: 'Customer c', tier: 'C' },
        ],
      },
    ]);
  });

  it("given the rows, then compliance by tier sums the owners' rows, an extra visit not making up for a missing one", () => {
    const completed = (visitId: string, customerId: string, repId = 'rep-1') => ({
      visitId,
      customerId,
      repId,
      plannedDate: '2026-12-02',
      channel: 'face_to_face' as const,
      status: 'completed' as const,
    });
    const plan = buildVisitPlan({
      month: '2026-12',
      today: '2026-12-10',
      customers: [customer('a1'), customer('a2'), customer('c1'), customer('c2', 'rep-2')],
      tiers: new Map([
        ['a1', [{ tier: 'A' as const, effectiveAt: '2026-11-30T00:00:00.000Z' }]],
        ['a2', [{ tier: 'A' as const, effectiveAt: '2026-11-30T00:00:00.000Z' }]],
      ]),
      // Four visits to a1 (three required), none to a2; c2 is visited by a rep who does not own it,
      // which counts for c2.
      visits: [
        ...['v1', 'v2', 'v3', 'v4'].map((id) => completed(id, 'a1')),
        completed('v5', 'c1'),
        completed('v6', 'c2', 'rep-1'),
      ],
      policy,
    });
    expect(plan.byTier).toEqual([
      {
        tier: 'A',
        customers: 2,
        required: 6,
        planned: 0,
        completed: 3,
        missing: 3,
        compliance: 0.5,
      },
      {
        tier: 'B',
        customers: 0,
        required: 0,
        planned: 0,
        completed: 0,
        missing: 0,
        compliance: null,
      },
      {
        tier: 'C',
        customers: 2,
        required: 2,
        planned: 0,
        completed: 2,
        missing: 0,
        compliance: 1,
      },
    ]);
  });

  it('D4: one counting rule: tier at the month start, any rep counts for the customer, capped, and a phone call replaces only a C visit', () => {
    const visit = (
      visitId: string,
      customerId: string,
      channel: 'face_to_face' | 'phone' | 'wechat',
      repId = 'rep-1',
    ) => ({
      visitId,
      customerId,
      repId,
      plannedDate: '2026-12-02',
      channel,
      status: 'completed' as const,
    });
    const plan = buildVisitPlan({
      month: '2026-12',
      today: '2026-12-10',
      customers: [customer('a'), customer('b'), customer('c'), customer('late')],
      tiers: new Map([
        ['a', [{ tier: 'A' as const, effectiveAt: '2026-11-30T00:00:00.000Z' }]],
        // B when December began; the change to A on the 15th applies from January.
        [
          'b',
          [
            { tier: 'B' as const, effectiveAt: '2026-11-30T00:00:00.000Z' },
            { tier: 'A' as const, effectiveAt: '2026-12-15T00:00:00.000Z' },
          ],
        ],
        ['late', [{ tier: 'A' as const, effectiveAt: '2026-12-20T00:00:00.000Z' }]],
      ]),
      visits: [
        // Two phone calls to an A customer count for nothing; one visit in person counts.
        visit('v1', 'a', 'phone'),
        visit('v2', 'a', 'phone'),
        visit('v3', 'a', 'face_to_face'),
        // A colleague's visit to b counts for b (and its owner), as does a WeChat message: never.
        visit('v4', 'b', 'face_to_face', 'rep-2'),
        visit('v5', 'b', 'wechat'),
        // A phone call replaces the C visit; a second one does not raise compliance above 1.
        visit('v6', 'c', 'phone'),
        visit('v7', 'c', 'phone'),
      ],
      policy,
    });
    const owned = (customerId: string) =>
      plan.rows.find((row) => row.customerId === customerId && row.repId === 'rep-1');
    expect(owned('a')).toMatchObject({ tier: 'A', required: 3, counted: 1, compliance: 0.3333 });
    expect(owned('a')!.missing).toBe(2);
    expect(owned('b')).toMatchObject({ tier: 'B', required: 2, counted: 1, compliance: 0.5 });
    expect(owned('c')).toMatchObject({ tier: 'C', required: 1, counted: 1, compliance: 1 });
    // First ranked during the month: its first tier.
    expect(owned('late')).toMatchObject({ tier: 'A', required: 3, counted: 0, compliance: 0 });
    expect(plan.byTier.find((tier) => tier.tier === 'B')).toMatchObject({
      required: 2,
      completed: 1,
      compliance: 0.5,
    });
  });

  it('proposes A visits from the first week on, B and C after it, and only days still to come', () => {
    expect(proposeDays('2026-12', 'A', 3, '2026-11-20', policy)).toEqual([
      '2026-12-01',
      '2026-12-11',
      '2026-12-21',
    ]);
    expect(proposeDays('2026-12', 'B', 2, '2026-12-01', policy)[0]).toBe('2026-12-08');
    expect(proposeDays('2026-12', 'A', 2, '2026-12-20', policy)).toEqual([
      '2026-12-20',
      '2026-12-26',
    ]);
    expect(proposeDays('2026-12', 'A', 1, '2027-01-02', policy)).toEqual([]);
  });

  it('groups nearby customers by region only within the same rep', () => {
    const plan = buildVisitPlan({
      month: '2026-12',
      today: '2026-12-01',
      customers: [customer('a'), customer('b-west', 'rep-1', 'west'), customer('b-other', 'rep-2')],
      tiers: new Map([['a', [{ tier: 'A' as const, effectiveAt: '2026-11-30T00:00:00.000Z' }]]]),
      visits: [],
      policy,
    });
    expect(plan.routes).toEqual([
      { repId: 'rep-1', anchorCustomerId: 'a', day: '2026-12-01', nearby: [] },
    ]);
  });
});
