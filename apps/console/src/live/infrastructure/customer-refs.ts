import type { CustomerRef } from '@crm/platform';
import type { ConsoleUser } from '@apps/console/src/session/domain/console-user';
import type { ServiceTokenMinter } from '@apps/console/src/session/infrastructure/service-token.minter';

/**
 * The console's own reader of customer cards: an analyst sees every customer, masked, which is
 * all the live updates need (the owner and the region are not personal data). Its reads are
 * audited by the customers service like anyone's, under this id.
 */
export const LIVE_READER: ConsoleUser = {
  userId: 'console-live-updates',
  name: 'Console live updates',
  roles: ['analyst'],
};

export interface CustomerRefsSettings {
  readonly customersUrl: string;
  readonly minter: ServiceTokenMinter;
  /** How long the minted token is used before a new one is minted. */
  readonly tokenRefreshMs: number;
  /** How long an answer is kept (the customers' events also drop it when the owner may change). */
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly timeoutMs: number;
}

/**
 * Who owns a customer and where it is, from the customers service's card, remembered for a while
 * (one read per customer, however many browsers listen). `forget` drops a customer whose owner or
 * region may just have changed.
 */
export class CustomerRefs {
  private readonly known = new Map<string, { ref: CustomerRef | undefined; until: number }>();
  private readonly asking = new Map<string, Promise<CustomerRef | undefined>>();
  private token: { value: Promise<string>; until: number } | undefined;

  constructor(private readonly settings: CustomerRefsSettings) {}

  readonly of = (customerId: string): Promise<CustomerRef | undefined> => {
    // eslint-disable-next-line no-restricted-syntax -- a cache lifetime is real time
    const now = Date.now();
    const hit = this.known.get(customerId);
    if (hit && hit.until > now) return Promise.resolve(hit.ref);
    let asked = this.asking.get(customerId);
    if (!asked) {
      asked = this.read(customerId)
        .then((ref) => {
          this.remember(customerId, ref);
          return ref;
        })
        .finally(() => this.asking.delete(customerId));
      this.asking.set(customerId, asked);
    }
    return asked;
  };

  forget(customerId: string): void {
    this.known.delete(customerId);
  }

  private remember(customerId: string, ref: CustomerRef | undefined): void {
    this.known.delete(customerId);
    // eslint-disable-next-line no-restricted-syntax -- a cache lifetime is real time
    this.known.set(customerId, { ref, until: Date.now() + this.settings.ttlMs });
    // A Map iterates in insertion order: the first key is the oldest answer.
    while (this.known.size > this.settings.maxEntries) {
      this.known.delete(this.known.keys().next().value!);
    }
  }

  private async read(customerId: string): Promise<CustomerRef | undefined> {
    const response = await fetch(
      `${this.settings.customersUrl}/customers/${encodeURIComponent(customerId)}`,
      {
        headers: { authorization: `Bearer ${await this.bearer()}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      },
    );
    if (response.status === 404 || response.status === 410) return undefined;
    if (!response.ok) {
      throw new Error(`GET /customers/${customerId} answered ${response.status}`);
    }
    const card = (await response.json()) as { ownerId?: unknown; region?: unknown };
    if (typeof card.ownerId !== 'string' || typeof card.region !== 'string') {
      throw new Error(`the card of ${customerId} names no owner or region`);
    }
    return { ownerId: card.ownerId, region: card.region };
  }

  private bearer(): Promise<string> {
    // eslint-disable-next-line no-restricted-syntax -- a cache lifetime is real time
    const now = Date.now();
    if (!this.token || this.token.until <= now) {
      this.token = {
        value: this.settings.minter.mint(LIVE_READER, new Date(now)),
        until: now + this.settings.tokenRefreshMs,
      };
    }
    return this.token.value;
  }
}
