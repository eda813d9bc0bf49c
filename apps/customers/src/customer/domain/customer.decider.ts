import type { CustomerEvent } from '@crm/contracts';
import type { Decider } from '@crm/event-store';
import { decideContacts, evolveContacts, type ContactCommand } from './contacts.decider';
import { initialCustomerState, notFound, type CustomerState } from './customer.state';
import {
  assertWritable,
  decideErasure,
  evolveErasure,
  type ErasureCommand,
} from './erasure.decider';
import { decideKeyAccount, evolveKeyAccount, type KeyAccountCommand } from './key-account.decider';
import { decideMerge, evolveMerge, type MergeCommand } from './merge.decider';
import { decidePoints, evolvePoints, type PointsCommand } from './points.decider';
import {
  decideProfile,
  decideRegistration,
  evolveProfile,
  registered,
  type ProfileCommand,
  type RegisterCustomer,
} from './profile.decider';
import { decidePurchases, evolvePurchases, type PurchaseCommand } from './purchases.decider';
import { decideSurveys, evolveSurveys, type SurveyCommand } from './surveys.decider';

/**
 * The customer aggregate: each capability decides and folds its own commands and events (one file
 * each, read beside its DOMAIN rule); this file only routes them and applies what holds for all —
 * a command needs a registered customer, and a merged or erased one is read-only.
 */
export type CustomerCommand =
  | RegisterCustomer
  | ProfileCommand
  | ContactCommand
  | PurchaseCommand
  | PointsCommand
  | SurveyCommand
  | KeyAccountCommand
  | MergeCommand
  | ErasureCommand;

export function decideCustomer(command: CustomerCommand, state: CustomerState): CustomerEvent[] {
  if (command.type === 'RegisterCustomer') return decideRegistration(command, state);
  if (!state.registered) throw notFound('');
  assertWritable(state, command.type);
  switch (command.type) {
    case 'UpdateProfile':
    case 'HandOver':
      return decideProfile(command, state);
    case 'AddContact':
    case 'UpdateContact':
    case 'RemoveContact':
      return decideContacts(command, state);
    case 'RecordPurchase':
    case 'ReversePurchase':
      return decidePurchases(command, state);
    case 'RedeemPoints':
    case 'ExpirePoints':
      return decidePoints(command, state);
    case 'RecordSurvey':
      return decideSurveys(command, state);
    case 'DesignateKeyAccount':
    case 'RetireKeyAccount':
      return decideKeyAccount(command, state);
    case 'MergeInto':
    case 'AbsorbDuplicate':
    case 'DismissDuplicate':
      return decideMerge(command, state);
    case 'EraseCustomer':
      return decideErasure(command, state);
  }
}

export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  if (event.type === 'CustomerRegistered') return registered(event);
  if (!state.registered) return state;
  switch (event.type) {
    case 'CustomerProfileUpdated':
    case 'CustomerOwnerAssigned':
      return evolveProfile(state, event);
    case 'ContactAdded':
    case 'ContactUpdated':
    case 'ContactRemoved':
      return evolveContacts(state, event);
    case 'PurchaseRecorded':
    case 'PurchaseReversed':
      return evolvePurchases(state, event);
    case 'PointsEarned':
    case 'PointsReversed':
    case 'PointsRedeemed':
    case 'PointsExpired':
    case 'VoucherUsed':
      return evolvePoints(state, event);
    case 'SurveyAnswered':
      return evolveSurveys(state, event);
    case 'KeyAccountDesignated':
    case 'KeyAccountRetired':
      return evolveKeyAccount(state, event);
    case 'CustomerMerged':
    case 'PossibleDuplicateDismissed':
      return evolveMerge(state, event);
    case 'CustomerErased':
      return evolveErasure(state, event);
  }
}

/** The customer aggregate as the command handler runs it. */
export const customerDecider: Decider<CustomerState, CustomerCommand, CustomerEvent> = {
  initialState: initialCustomerState,
  evolve: evolveCustomer,
  decide: decideCustomer,
};
