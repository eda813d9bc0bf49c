import type { Decider } from '@crm/event-store';
import {
  moneyFromData,
  moneyToData,
  parseMajorAmount,
  type Money,
  type OpportunityEvent,
  type OpportunityStage,
  type SalesProgressItem,
} from '@crm/contracts';
import { furthestStageOf, stageIndex, type FunnelPolicy } from './funnel.policy';
import { OpportunityError, OpportunityErrorCode } from './opportunity.errors';

export interface OpportunityDetails {
  readonly opportunityId: string;
  readonly customerId: string;
  readonly ownerId: string;
  readonly region: string;
  readonly title: string;
  readonly expectedCloseDate: string;
}

export type OpportunityStatus = 'open' | 'won' | 'lost';

/** D10: an open opportunity sits at one stage; won and lost are final. */
export type OpportunityState =
  | { readonly status: 'none' }
  | (OpportunityDetails & {
      /** Fixed at opening: no command changes it (ADR 133). */
      readonly amount: Money;
      readonly status: OpportunityStatus;
      readonly stage: OpportunityStage;
      readonly winRate: number;
      /** Visits that already moved it: a redelivered VisitCompleted moves it once. */
      readonly advancedByVisits: readonly string[];
    });

export const initialOpportunityState: OpportunityState = { status: 'none' };

export type OpportunityTarget = OpportunityStage | 'won' | 'lost';

export type OpportunityCommand =
  | {
      readonly type: 'OpenOpportunity';
      readonly data: OpportunityDetails & {
        /** Major units as the client sent them: a JSON number or a decimal string (ADR 90). */
        readonly amount: number | string;
        readonly currency: string;
        readonly stage: OpportunityStage;
      };
      readonly policy: FunnelPolicy;
      readonly now: Date;
    }
  | {
      readonly type: 'MoveOpportunity';
      readonly data: { readonly to: OpportunityTarget; readonly reason?: string | undefined };
      readonly policy: FunnelPolicy;
      readonly now: Date;
    }
  | {
      readonly type: 'AdvanceFromVisit';
      readonly data: { readonly visitId: string; readonly progress: readonly SalesProgressItem[] };
      readonly policy: FunnelPolicy;
      readonly now: Date;
    };

function closed(state: OpportunityState & { status: OpportunityStatus }): OpportunityError {
  return new OpportunityError(
    OpportunityErrorCode.Closed,
    `the opportunity is ${state.status}: it is final`,
    {
      opportunityId: state.opportunityId,
      currentState: state.status,
      allowed: [],
    },
  );
}

export function decideOpportunity(
  command: OpportunityCommand,
  state: OpportunityState,
): OpportunityEvent[] {
  const now = command.now.toISOString();
  if (command.type === 'OpenOpportunity') {
    if (state.status !== 'none') {
      throw new OpportunityError(
        OpportunityErrorCode.AlreadyOpened,
        'the opportunity already exists',
        {
          opportunityId: state.opportunityId,
          currentState: state.status,
        },
      );
    }
    // Money is exact (ADR 90): no more decimals than the currency has, within the limit.
    const parsed = parseMajorAmount(command.data.amount, command.data.currency);
    if (!parsed.ok) {
      throw new OpportunityError(OpportunityErrorCode.InvalidAmount, `amount: ${parsed.message}`, {
        problem: parsed.problem,
        currency: command.data.currency,
        errors: [{ field: 'amount', message: parsed.message }],
      });
    }
    const { currency: _, ...data } = command.data;
    const winRate = command.policy.winRates[command.data.stage];
    return [
      {
        type: 'OpportunityOpened',
        data: { ...data, amount: moneyToData(parsed.money), winRate, openedAt: now },
      },
    ];
  }
  if (state.status === 'none') {
    throw new OpportunityError(OpportunityErrorCode.NotFound, 'the opportunity does not exist');
  }
  const about = { opportunityId: state.opportunityId, customerId: state.customerId };

  if (command.type === 'AdvanceFromVisit') {
    // A visit never fails on its opportunity: a closed one, or one already further on, stays put.
    if (state.status !== 'open' || state.advancedByVisits.includes(command.data.visitId)) return [];
    const reached = furthestStageOf(command.data.progress, command.policy);
    if (!reached || stageIndex(reached.stage) <= stageIndex(state.stage)) return [];
    return [
      {
        type: 'OpportunityStageChanged',
        data: {
          ...about,
          fromStage: state.stage,
          toStage: reached.stage,
          direction: 'forward',
          winRate: command.policy.winRates[reached.stage],
          cause: { visitId: command.data.visitId, progress: reached.item },
          changedAt: now,
        },
      },
    ];
  }

  if (state.status !== 'open') throw closed(state);
  const { to, reason } = command.data;
  if (to === 'won') {
    return [
      {
        type: 'OpportunityWon',
        data: { ...about, fromStage: state.stage, winRate: 100, wonAt: now },
      },
    ];
  }
  if (to === 'lost') {
    if (!reason) {
      throw new OpportunityError(
        OpportunityErrorCode.LostWithoutReason,
        'a lost opportunity needs a reason',
        {
          currentState: state.stage,
        },
      );
    }
    return [
      {
        type: 'OpportunityLost',
        data: { ...about, fromStage: state.stage, winRate: 0, reason, lostAt: now },
      },
    ];
  }
  if (to === state.stage) {
    throw new OpportunityError(
      OpportunityErrorCode.SameStage,
      `the opportunity is already at ${to}`,
      {
        currentState: state.stage,
      },
    );
  }
  const direction = stageIndex(to) > stageIndex(state.stage) ? 'forward' : 'backward';
  if (direction === 'backward' && !reason) {
    throw new OpportunityError(
      OpportunityErrorCode.BackwardWithoutReason,
      `moving back from ${state.stage} to ${to} needs a reason`,
      { currentState: state.stage, requested: to },
    );
  }
  return [
    {
      type: 'OpportunityStageChanged',
      data: {
        ...about,
        fromStage: state.stage,
        toStage: to,
        direction,
        winRate: command.policy.winRates[to],
        ...(reason ? { reason } : {}),
        changedAt: now,
      },
    },
  ];
}

export function evolveOpportunity(
  state: OpportunityState,
  event: OpportunityEvent,
): OpportunityState {
  switch (event.type) {
    case 'OpportunityOpened': {
      const { openedAt: _, amount, stage, winRate, ...details } = event.data;
      return {
        status: 'open',
        ...details,
        amount: moneyFromData(amount),
        stage,
        winRate,
        advancedByVisits: [],
      };
    }
    case 'OpportunityStageChanged':
      return state.status === 'none'
        ? state
        : {
            ...state,
            stage: event.data.toStage,
            winRate: event.data.winRate,
            advancedByVisits: event.data.cause
              ? [...state.advancedByVisits, event.data.cause.visitId]
              : state.advancedByVisits,
          };
    case 'OpportunityWon':
      return state.status === 'none' ? state : { ...state, status: 'won', winRate: 100 };
    case 'OpportunityLost':
      return state.status === 'none' ? state : { ...state, status: 'lost', winRate: 0 };
  }
}

/** The opportunity aggregate as the command handler runs it. */
export const opportunityDecider: Decider<OpportunityState, OpportunityCommand, OpportunityEvent> = {
  initialState: initialOpportunityState,
  evolve: evolveOpportunity,
  decide: decideOpportunity,
};
