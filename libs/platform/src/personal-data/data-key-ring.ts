import { Inject, Injectable, Logger } from '@nestjs/common';
import { SignJWT } from 'jose';
import { readFile } from 'node:fs/promises';
import { parseDataKeyId, SEALED_DATA_FIELD, type CloudEvent } from '@crm/contracts';
import { openSealed } from '@crm/event-store';
import type { BaseConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.tokens';

/** The data keys a service holds itself: its own CryptoShreddingCodec. */
export interface LocalDataKeys {
  keyOf(customerId: string): Promise<Buffer | null>;
  keyState(customerId: string): Promise<'active' | 'shredded' | 'none'>;
}

/** The key API of another service could not be asked (down, 5xx): the record is retried. */
export class DataKeyUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataKeyUnavailable';
  }
}

/** The machine role a service's own consumers hold towards the other services' key APIs. */
const READER_ROLE = 'personal_data_reader';
const TOKEN_LIFETIME_SECONDS = 300;

interface CachedKey {
  readonly key: Buffer | null;
  readonly until: number;
}

/**
 * Opens the personal values of the events this service consumes (ADR 90): with its own keys for
 * its own context's records, and with keys from the customers service's key API
 * (`GET /data-keys/customers/:customerId`, as the machine client `service:<name>` with the role
 * `personal_data_reader`) for the customers' records. A key fetched from another service is kept
 * for at most DATA_KEY_CACHE_MS and dropped when the customer's CustomerErased arrives; once the
 * customer is erased the API answers 410 and the record opens to its placeholders.
 */
@Injectable()
export class DataKeyRing {
  private readonly logger = new Logger('DataKeyRing');
  private readonly local = new Map<string, LocalDataKeys>();
  private readonly remote = new Map<string, CachedKey>();
  private readonly fetching = new Map<string, Promise<Buffer | null>>();
  private token: { value: string; until: number } | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: BaseConfig) {}

  /** Registered by the service's event-sourcing module for its context. */
  registerLocal(context: string, keys: LocalDataKeys): void {
    this.local.set(context, keys);
  }

  /** This service's own keys of a context, for its key API. */
  localKeys(context: string): LocalDataKeys | undefined {
    return this.local.get(context);
  }

  /** The event with its sealed values opened (or left as placeholders where no key opens them). */
  async open(event: CloudEvent): Promise<CloudEvent> {
    const sealed = event.data[SEALED_DATA_FIELD];
    if (typeof sealed !== 'object' || sealed === null) return event;
    const kid = (sealed as { kid?: unknown }).kid;
    const key = typeof kid === 'string' ? await this.keyFor(kid) : null;
    return { ...event, data: openSealed(event.id, event.data, key) };
  }

  /** Drops what was fetched about an erased customer (its keys of every context). */
  forget(customerId: string): void {
    for (const cache of [this.remote, this.fetching]) {
      for (const kid of cache.keys()) {
        if (parseDataKeyId(kid)?.customerId === customerId) cache.delete(kid);
      }
    }
  }

  private async keyFor(kid: string): Promise<Buffer | null> {
    const parsed = parseDataKeyId(kid);
    if (!parsed) return null;
    const local = this.local.get(parsed.context);
    if (local) return local.keyOf(parsed.customerId);
    const base = parsed.context === 'customers' ? this.config.CUSTOMERS_URL : undefined;
    if (!base) return null;
    const cached = this.remote.get(kid);
    // eslint-disable-next-line no-restricted-syntax -- a cache lifetime is real time
    if (cached && cached.until > Date.now()) return cached.key;
    // The service's consumers read the same customer's records at once: one fetch serves them all.
    const pending = this.fetching.get(kid);
    if (pending) return pending;
    const fetched: Promise<Buffer | null> = this.fetchKey(base, parsed.context, parsed.customerId)
      .then((key) => {
        // Kept only if no erasure dropped the customer's keys while it was asked for.
        if (this.fetching.get(kid) === fetched)
          // eslint-disable-next-line no-restricted-syntax -- a cache lifetime is real time
          this.remote.set(kid, { key, until: Date.now() + this.config.DATA_KEY_CACHE_MS });
        return key;
      })
      .finally(() => {
        if (this.fetching.get(kid) === fetched) this.fetching.delete(kid);
      });
    this.fetching.set(kid, fetched);
    return fetched;
  }

  private async fetchKey(
    base: string,
    context: string,
    customerId: string,
  ): Promise<Buffer | null> {
    const url = `${base.replace(/\/$/, '')}/data-keys/${context}/${encodeURIComponent(customerId)}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { authorization: `Bearer ${await this.bearer()}` },
        signal: AbortSignal.timeout(5_000),
      });
    } catch (error) {
      throw new DataKeyUnavailable(
        `key API of ${context} unreachable: ${error instanceof Error ? error.name : 'error'}`,
      );
    }
    if (response.status === 200) {
      const body = (await response.json()) as { key?: unknown };
      return typeof body.key === 'string' ? Buffer.from(body.key, 'base64') : null;
    }
    // Erased (410), never sealed anything (404), or this service may not read it (401/403).
    if (response.status === 410 || response.status === 404) return null;
    if (response.status === 401 || response.status === 403) {
      this.logger.error({ msg: 'key API refused this service', context, status: response.status });
      return null;
    }
    throw new DataKeyUnavailable(`key API of ${context} answered ${response.status}`);
  }

  /** The bearer token of this service as a machine client of the key and export APIs. */
  async bearer(): Promise<string> {
    const file = this.config.PERSONAL_DATA_READER_TOKEN_FILE;
    // A platform-issued token (rotated on disk) wins; a local/test stack signs its own.
    if (file) return (await readFile(file, 'utf8')).trim();
    // eslint-disable-next-line no-restricted-syntax -- a token's iat/exp are on real time
    const now = Math.floor(Date.now() / 1000);
    if (this.token && this.token.until > now + 60) return this.token.value;
    const secret = this.config.JWT_SECRET;
    if (!secret) throw new DataKeyUnavailable('no credential for the key API');
    const value = await new SignJWT({ roles: [READER_ROLE] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(this.config.JWT_ISSUER)
      .setAudience(this.config.JWT_AUDIENCE)
      .setSubject(`service:${this.config.SERVICE_NAME}`)
      .setIssuedAt(now)
      .setExpirationTime(now + TOKEN_LIFETIME_SECONDS)
      .sign(new TextEncoder().encode(secret));
    this.token = { value, until: now + TOKEN_LIFETIME_SECONDS };
    return value;
  }
}
