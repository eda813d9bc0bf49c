import type { CustomerEvent, ProfileChanges } from '@crm/contracts';
import { CustomerError, CustomerErrorCode } from './customer.errors';
import {
  effectiveChanges,
  patched,
  type CommandOf,
  type CustomerNature,
  type CustomerState,
  type EventOf,
  type Registered,
  type RegisteredState,
} from './customer.state';

/**
 * D1: a customer is registered once with its profile card; the card is kept current by updates
 * that say only what changed; the owner (and key-account manager) is assigned explicitly.
 */
export type RegisterCustomer = CommandOf<
  'RegisterCustomer',
  Omit<Registered, 'registeredAt' | 'nature'> & { readonly nature: CustomerNature }
>;

export type ProfileCommand =
  | CommandOf<
      'UpdateProfile',
      {
        readonly changes: ProfileChanges;
        readonly ownerId?: string | undefined;
        readonly keyAccountManagerId?: string | null | undefined;
      }
    >
  | CommandOf<'HandOver', { readonly fromRepId: string; readonly toRepId: string }>;

export type ProfileEvent = EventOf<'CustomerProfileUpdated' | 'CustomerOwnerAssigned'>;

export function decideRegistration(
  command: RegisterCustomer,
  state: CustomerState,
): CustomerEvent[] {
  if (state.registered) {
    throw new CustomerError(
      CustomerErrorCode.AlreadyRegistered,
      'the customer is already registered',
      {
        customerId: command.data.customerId,
      },
    );
  }
  return [
    {
      type: 'CustomerRegistered',
      data: { ...command.data, registeredAt: command.now.toISOString() },
    },
  ];
}

export function registered(event: EventOf<'CustomerRegistered'>): CustomerState {
  return {
    registered: true,
    ...event.data,
    contacts: {},
    purchases: {},
    orderKeys: {},
    surveyKeys: {},
    revenueMinor: 0n,
    pointsBalance: 0,
    pointsUsed: 0,
    vouchers: {},
    keyAccount: null,
    mergedInto: null,
    absorbed: [],
    erasedAt: null,
    notDuplicates: [],
  } as CustomerState;
}

export function decideProfile(command: ProfileCommand, state: RegisteredState): CustomerEvent[] {
  if (command.type === 'HandOver') return decideHandOver(command.data, command.now, state);
  const { data } = command;
  const now = command.now.toISOString();
  const events: CustomerEvent[] = [];
  const changes = effectiveChanges(state, data.changes);
  if (Object.keys(changes).length > 0) {
    events.push({
      type: 'CustomerProfileUpdated',
      data: { customerId: state.customerId, changes, updatedAt: now },
    });
  }
  const ownerId = data.ownerId ?? state.ownerId;
  const keyAccountManagerId =
    data.keyAccountManagerId === undefined
      ? (state.keyAccountManagerId ?? null)
      : data.keyAccountManagerId;
  if (ownerId !== state.ownerId || keyAccountManagerId !== (state.keyAccountManagerId ?? null)) {
    events.push({
      type: 'CustomerOwnerAssigned',
      data: {
        customerId: state.customerId,
        ownerId,
        previousOwnerId: state.ownerId,
        keyAccountManagerId,
        assignedAt: now,
      },
    });
  }
  return events;
}

/**
 * A leaving rep's customer goes to their successor: one owner change, and the key-account manager
 * too when it was the leaving rep. A customer no longer theirs (handed over already, or reassigned
 * meanwhile) is left alone, so running the hand-over again changes nothing.
 */
function decideHandOver(
  handOver: { readonly fromRepId: string; readonly toRepId: string },
  now: Date,
  state: RegisteredState,
): CustomerEvent[] {
  if (state.ownerId !== handOver.fromRepId) return [];
  const keyAccountManagerId = state.keyAccountManagerId ?? null;
  return [
    {
      type: 'CustomerOwnerAssigned',
      data: {
        customerId: state.customerId,
        ownerId: handOver.toRepId,
        previousOwnerId: state.ownerId,
        keyAccountManagerId:
          keyAccountManagerId === handOver.fromRepId ? handOver.toRepId : keyAccountManagerId,
        assignedAt: now.toISOString(),
      },
    },
  ];
}

export function evolveProfile(state: RegisteredState, event: ProfileEvent): RegisteredState {
  if (event.type === 'CustomerProfileUpdated') return patched(state, event.data.changes);
  const { keyAccountManagerId: _, ...rest } = state;
  return {
    ...rest,
    ownerId: event.data.ownerId,
    ...(event.data.keyAccountManagerId === null
      ? {}
      : { keyAccountManagerId: event.data.keyAccountManagerId }),
  };
}
