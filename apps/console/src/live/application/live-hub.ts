import {
  coversAll,
  mayRead,
  scopeOf,
  type AccessScope,
  type CustomerRef,
  type OrganizationDirectory,
} from '@crm/platform';
import type { ConsoleUser } from '@apps/console/src/session/domain/console-user';
import type { LiveNotice } from '@apps/console/src/live/domain/live-notice';

/**
 * Who owns a customer and where it is, or undefined for a customer that does not exist (any
 * more). Throws when that cannot be told now: the notice is then withheld, never sent unchecked.
 */
export type CustomerRefLookup = (customerId: string) => Promise<CustomerRef | undefined>;

interface Listener {
  readonly scope: AccessScope;
  readonly send: (notice: LiveNotice) => void;
  /** Notices are checked and sent one after the other, in the order they came. */
  chain: Promise<void>;
  pending: number;
}

export interface LiveHubOptions {
  /** Notices a slow listener may have waiting; beyond, new ones are dropped for it. */
  readonly maxPending: number;
  readonly onDropped?: (reason: 'backlog' | 'lookup-failed', error?: unknown) => void;
}

/**
 * Hands each notice to the signed-in browsers whose access scope covers its customer: the
 * platform's scope (the same one every read applies), from the user's roles and the organization
 * directory. A rep gets their own customers' changes, a manager their region's; agents, analysts
 * and admins every customer's (notices carry no personal data, so there is nothing to mask).
 */
export class LiveHub {
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly directory: OrganizationDirectory,
    private readonly refOf: CustomerRefLookup,
    private readonly options: LiveHubOptions,
  ) {}

  get size(): number {
    return this.listeners.size;
  }

  /** A browser starts listening as `user`; the function returned stops it. */
  join(user: ConsoleUser, send: (notice: LiveNotice) => void): () => void {
    const listener: Listener = {
      scope: scopeOf(
        { userId: user.userId, roles: user.roles, ...(user.region ? { region: user.region } : {}) },
        this.directory,
      ),
      send,
      chain: Promise.resolve(),
      pending: 0,
    };
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Queues the notice for every listener; returns once each has sent it or left it out. */
  publish(notice: LiveNotice): Promise<void> {
    const deliveries: Promise<void>[] = [];
    for (const listener of this.listeners) {
      if (listener.scope.grants.length === 0) continue;
      if (listener.pending >= this.options.maxPending) {
        this.options.onDropped?.('backlog');
        continue;
      }
      listener.pending += 1;
      listener.chain = listener.chain
        .then(() => this.deliver(listener, notice))
        .finally(() => {
          listener.pending -= 1;
        });
      deliveries.push(listener.chain);
    }
    return Promise.all(deliveries).then(() => undefined);
  }

  private async deliver(listener: Listener, notice: LiveNotice): Promise<void> {
    if (!this.listeners.has(listener)) return;
    if (!coversAll(listener.scope)) {
      let ref: CustomerRef | undefined;
      try {
        ref = await this.refOf(notice.customerId);
      } catch (error) {
        this.options.onDropped?.('lookup-failed', error);
        return;
      }
      if (!mayRead(listener.scope, ref)) return;
    }
    if (this.listeners.has(listener)) listener.send(notice);
  }
}
