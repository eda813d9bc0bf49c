import {
  buildVisitPlan,
  proposeDays,
  summarizePlan,
  tierForMonth,
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
  it('given no tier yet, then the customer counts as C; a change mid-month sets the whole rest of the month', () => {
    expect(tierForMonth([], '2026-12', policy)).toBe('C');
    const history = [
      { tier: 'C' as const, effectiveAt: '2026-11-02T00:00:00.000Z' },
      { tier: 'A' as const, effectiveAt: '2026-12-15T00:00:00.000Z' },
    ];
    expect(tierForMonth(history, '2026-11', policy)).toBe('C');
    expect(tierForMonth(history, '2026-12', policy)).toBe('A');
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
          status: 'completed',
        },
        {
          visitId: 'v2',
          customerId: 'a',
          repId: 'rep-1',
          plannedDate: '2026-12-03',
          status: 'planned',
        },
        {
          visitId: 'v3',
          customerId: 'b',
          repId: 'rep-1',
          plannedDate: '2026-12-03',
          status: 'missed',
        },
        {
          visitId: 'v4',
          customerId: 'c',
          repId: 'rep-2',
          plannedDate: '2026-12-03',
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
      compliance: 0.333,
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
    expect(row('c')).toMatchObject({ tier: 'C', required: 1, missing: 1, phoneCallAllowed: true });
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
      // Four visits to a1 (three required), none to a2; c2 is visited by a rep who does not own it.
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
        completed: 1,
        missing: 1,
        compliance: 0.5,
      },
    ]);
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
