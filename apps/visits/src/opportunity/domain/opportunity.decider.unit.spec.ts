import type { OpportunityStage } from '@crm/contracts';
import {
  decideOpportunity,
  evolveOpportunity,
  initialOpportunityState,
  type OpportunityCommand,
  type OpportunityState,
  type OpportunityTarget,
} from './opportunity.decider';
import { OpportunityErrorCode } from './opportunity.errors';
import type { FunnelPolicy } from './funnel.policy';

const now = new Date('2026-12-01T02:00:00.000Z');
const policy: FunnelPolicy = {
  winRates: {
    lead: 5,
    qualified: 10,
    needs_analysis: 20,
    proposal: 30,
    negotiation: 50,
    commitment: 80,
  },
  progressStages: {
    met_higher_decider: 'qualified',
    demo_agreed: 'needs_analysis',
    trial_agreed: 'proposal',
  },
};
const open: OpportunityCommand = {
  type: 'OpenOpportunity',
  data: {
    opportunityId: 'o-1',
    customerId: 'c-1',
    ownerId: 'rep-1',
    region: 'east',
    title: 'Line upgrade',
    amount: 1000,
    currency: 'CNY',
    expectedCloseDate: '2027-03-31',
    stage: 'lead',
  },
  policy,
  now,
};
const move = (to: OpportunityTarget, reason?: string): OpportunityCommand => ({
  type: 'MoveOpportunity',
  data: { to, ...(reason ? { reason } : {}) },
  policy,
  now,
});
const advance = (
  visitId: string,
  ...progress: ('demo_agreed' | 'trial_agreed' | 'met_higher_decider')[]
) => ({ type: 'AdvanceFromVisit', data: { visitId, progress }, policy, now }) as OpportunityCommand;
const given = (...commands: OpportunityCommand[]): OpportunityState =>
  commands.reduce<OpportunityState>(
    (state, command) =>
      decideOpportunity(command, state).reduce<OpportunityState>(evolveOpportunity, state),
    initialOpportunityState,
  );
const errorOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('opportunity decider (D10)', () => {
  it('given nothing, when opening, then OpportunityOpened carries the stage win rate and the amount as money', () => {
    const { currency: _, ...details } = open.data as typeof open.data & { currency: string };
    expect(decideOpportunity(open, initialOpportunityState)).toEqual([
      {
        type: 'OpportunityOpened',
        data: {
          ...details,
          amount: { minor: '100000', currency: 'CNY' },
          winRate: 5,
          openedAt: now.toISOString(),
        },
      },
    ]);
    expect(given(open)).toMatchObject({ amount: { minor: 100000n, currency: 'CNY' } });
  });

  it.each([
    ['CNY', 1000.005, 'too_many_decimals'],
    ['JPY', 120000.5, 'too_many_decimals'],
    ['KWD', 1.0005, 'too_many_decimals'],
    ['CNY', 1e13 + 0.01, 'over_limit'],
    ['CNY', '1200.005', 'too_many_decimals'],
    ['KWD', '1.0050001', 'too_many_decimals'],
    ['JPY', '0', 'not_positive'],
    // Beyond 2^53 minor units is beyond the limit (10^15): refused, never rounded.
    ['CNY', '9007199254740993.01', 'over_limit'],
  ])(
    'refuses %s %p as an amount it cannot record exactly (%s), naming the field',
    (currency, amount, problem) => {
      const error = errorOf(() =>
        decideOpportunity(
          { ...open, data: { ...open.data, amount, currency } } as OpportunityCommand,
          initialOpportunityState,
        ),
      );
      expect(error).toMatchObject({
        code: OpportunityErrorCode.InvalidAmount,
        details: { problem, currency, errors: [expect.objectContaining({ field: 'amount' })] },
      });
    },
  );

  it.each([
    ['JPY', 120000, 120000n],
    ['KWD', 1.005, 1005n],
    ['KWD', '999999999999.999', 999_999_999_999_999n],
    ['CNY', 999_999_999_999.99, 99_999_999_999_999n],
    ['CNY', '1280.5', 128050n],
    ['CNY', '9999999999999.99', 999_999_999_999_999n],
    ['CNY', '10000000000000.00', 10n ** 15n],
  ])(
    'opens with %s %p, exact in minor units (%s) on the event and in the state',
    (currency, amount, minor) => {
      const command = { ...open, data: { ...open.data, amount, currency } } as OpportunityCommand;
      const events = decideOpportunity(command, initialOpportunityState);
      expect(events).toMatchObject([{ data: { amount: { minor: minor.toString(), currency } } }]);
      expect(events.reduce(evolveOpportunity, initialOpportunityState)).toMatchObject({
        amount: { minor, currency },
      });
    },
  );

  it('keeps the amount of the opening through moves: no later event carries it', () => {
    const state = given(
      { ...open, data: { ...open.data, amount: '9999999999999.99' } } as OpportunityCommand,
      move('proposal'),
      move('won'),
    );
    expect(state).toMatchObject({
      status: 'won',
      amount: { minor: 999_999_999_999_999n, currency: 'CNY' },
    });
    expect(decideOpportunity(move('lost', 'price'), given(open))).toEqual([
      expect.objectContaining({ data: expect.not.objectContaining({ amount: expect.anything() }) }),
    ]);
  });

  it.each([
    ['qualified', 10],
    ['proposal', 30],
    ['commitment', 80],
  ] as [OpportunityStage, number][])(
    'given lead, when moving forward to %s, then the event carries %i%%',
    (to, rate) => {
      expect(decideOpportunity(move(to), given(open))).toEqual([
        {
          type: 'OpportunityStageChanged',
          data: {
            opportunityId: 'o-1',
            customerId: 'c-1',
            fromStage: 'lead',
            toStage: to,
            direction: 'forward',
            winRate: rate,
            changedAt: now.toISOString(),
          },
        },
      ]);
    },
  );

  it('uses the configured win rate at the time of the move', () => {
    const custom = { ...policy, winRates: { ...policy.winRates, proposal: 35 } };
    const [event] = decideOpportunity({ ...move('proposal'), policy: custom }, given(open));
    expect(event).toMatchObject({ data: { winRate: 35 } });
  });

  it('given proposal, when moving back without a reason, then it is refused; with a reason it moves back', () => {
    const state = given(open, move('proposal'));
    expect(errorOf(() => decideOpportunity(move('qualified'), state))).toMatchObject({
      code: OpportunityErrorCode.BackwardWithoutReason,
      details: { currentState: 'proposal' },
    });
    expect(decideOpportunity(move('qualified', 'budget frozen'), state)).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({
          direction: 'backward',
          winRate: 10,
          reason: 'budget frozen',
        }) as object,
      }),
    ]);
  });

  it('given a stage, when moving to the same stage, then it is refused', () => {
    expect(errorOf(() => decideOpportunity(move('lead'), given(open)))).toMatchObject({
      code: OpportunityErrorCode.SameStage,
    });
  });

  it('given an open opportunity, when won, then 100% and final; when lost, a reason is needed and 0%', () => {
    const won = given(open, move('won'));
    expect(won).toMatchObject({ status: 'won', winRate: 100 });
    expect(errorOf(() => decideOpportunity(move('proposal'), won))).toMatchObject({
      code: OpportunityErrorCode.Closed,
      details: { currentState: 'won' },
    });
    expect(errorOf(() => decideOpportunity(move('lost'), given(open)))).toMatchObject({
      code: OpportunityErrorCode.LostWithoutReason,
    });
    const lost = given(open, move('lost', 'price'));
    expect(lost).toMatchObject({ status: 'lost', winRate: 0 });
    for (const target of ['won', 'lost', 'negotiation', 'lead'] as const) {
      expect(errorOf(() => decideOpportunity(move(target, 'try again'), lost))).toMatchObject({
        code: OpportunityErrorCode.Closed,
        details: { currentState: 'lost' },
      });
    }
  });

  describe('visit progress (D4 → D10)', () => {
    it('given lead, when a visit agreed a demo and met a higher decider, then it moves to the furthest stage once', () => {
      const state = given(open);
      const events = decideOpportunity(advance('v-1', 'met_higher_decider', 'demo_agreed'), state);
      expect(events).toEqual([
        expect.objectContaining({
          type: 'OpportunityStageChanged',
          data: expect.objectContaining({
            toStage: 'needs_analysis',
            winRate: 20,
            cause: { visitId: 'v-1', progress: 'demo_agreed' },
          }) as object,
        }),
      ]);
      const advanced = events.reduce(evolveOpportunity, state);
      expect(decideOpportunity(advance('v-1', 'trial_agreed'), advanced)).toEqual([]);
    });

    it('never moves back, nor a closed opportunity', () => {
      expect(
        decideOpportunity(advance('v-2', 'met_higher_decider'), given(open, move('proposal'))),
      ).toEqual([]);
      expect(decideOpportunity(advance('v-3', 'trial_agreed'), given(open, move('won')))).toEqual(
        [],
      );
    });
  });
});
