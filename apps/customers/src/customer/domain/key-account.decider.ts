import type { CustomerEvent } from '@crm/contracts';
import { CustomerError, CustomerErrorCode } from './customer.errors';
import type { CommandOf, EventOf, KeyAccount, RegisteredState } from './customer.state';
import { fundBandOf, type FundBand, type FundBandThresholds } from './fund-band';

/** Written criteria for key accounts (D8): configuration, not code. */
export interface KeyAccountRule {
  readonly fundBands: readonly FundBand[];
  /** Tiers that qualify; checked only when the customer's tier is known. */
  readonly tiers: readonly string[];
  readonly allowStrategic: boolean;
  readonly thresholds: FundBandThresholds;
}

/**
 * D8: key accounts are chosen by written criteria — tier and fund band, or an explicit strategic
 * decision — each with a key-account manager and an executive sponsor, and retired by the same.
 */
export type KeyAccountCommand =
  | CommandOf<
      'DesignateKeyAccount',
      {
        readonly criterion: KeyAccount['criterion'];
        readonly reason: string;
        readonly keyAccountManagerId: string;
        readonly executiveSponsorId: string;
        readonly slot: number;
        readonly tier: string | null;
        readonly rule: KeyAccountRule;
      }
    >
  | CommandOf<'RetireKeyAccount', { readonly reason: string }>;

export type KeyAccountEvent = EventOf<'KeyAccountDesignated' | 'KeyAccountRetired'>;

export function decideKeyAccount(
  command: KeyAccountCommand,
  state: RegisteredState,
): CustomerEvent[] {
  const now = command.now.toISOString();
  if (command.type === 'RetireKeyAccount') {
    if (!state.keyAccount) {
      throw new CustomerError(
        CustomerErrorCode.NotKeyAccount,
        'the customer is not a key account',
        {
          currentState: 'not_key_account',
          allowed: ['designate'],
        },
      );
    }
    return [
      {
        type: 'KeyAccountRetired',
        data: {
          customerId: state.customerId,
          reason: command.data.reason,
          slot: state.keyAccount.slot,
          retiredAt: now,
        },
      },
    ];
  }
  const { data } = command;
  if (state.keyAccount) {
    throw new CustomerError(
      CustomerErrorCode.AlreadyKeyAccount,
      'the customer is already a key account',
      {
        currentState: 'key_account',
        allowed: ['retire'],
      },
    );
  }
  const unmet = unmetCriteria(state, data);
  if (unmet.length > 0) {
    throw new CustomerError(
      CustomerErrorCode.KeyAccountCriteriaNotMet,
      `the criteria are not met: ${unmet.join('; ')}`,
      { criterion: data.criterion, unmet },
    );
  }
  return [
    {
      type: 'KeyAccountDesignated',
      data: {
        customerId: state.customerId,
        criterion: data.criterion,
        reason: data.reason,
        keyAccountManagerId: data.keyAccountManagerId,
        executiveSponsorId: data.executiveSponsorId,
        slot: data.slot,
        designatedAt: now,
      },
    },
  ];
}

/** The written criteria a customer does not meet (none: it may be designated). */
export function unmetCriteria(
  state: RegisteredState,
  data: {
    readonly criterion: KeyAccount['criterion'];
    readonly tier: string | null;
    readonly rule: KeyAccountRule;
  },
): string[] {
  if (data.criterion === 'strategic') {
    return data.rule.allowStrategic
      ? []
      : ['strategic designation is not allowed by the configured criteria'];
  }
  const unmet: string[] = [];
  const band = fundBandOf(state.expectedAnnualPurchase, data.rule.thresholds);
  if (band === null || !data.rule.fundBands.includes(band)) {
    unmet.push(
      `fund band must be one of ${data.rule.fundBands.join(', ')} (is ${band ?? 'unknown'})`,
    );
  }
  if (data.tier !== null && !data.rule.tiers.includes(data.tier)) {
    unmet.push(`tier must be one of ${data.rule.tiers.join(', ')} (is ${data.tier})`);
  }
  return unmet;
}

export function evolveKeyAccount(state: RegisteredState, event: KeyAccountEvent): RegisteredState {
  if (event.type === 'KeyAccountRetired') return { ...state, keyAccount: null };
  const { customerId: _, designatedAt, ...rest } = event.data;
  return { ...state, keyAccount: { ...rest, designatedAt } };
}
