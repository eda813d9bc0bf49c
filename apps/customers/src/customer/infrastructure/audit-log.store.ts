import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { Collection } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { CLOCK, type Clock, type RequestContext } from '@crm/platform';

export const AUDIT_LOG = 'audit_log';

export type AuditAction =
  'customer.card.read' | 'customer.history.read' | 'customer.changed' | 'customer.list.read';

/**
 * One accountable access to customer intelligence (D1): who, when, what, which customer (none for a
 * list read, whose `what` is the query: its parameters, never a search term's value).
 */
export interface AuditEntry {
  _id: string;
  at: Date;
  actorId: string;
  roles: readonly string[];
  action: AuditAction;
  customerId?: string;
  correlationId: string;
  /** What was read or changed: event types, field names (never the values). */
  what: readonly string[];
}

/**
 * Insert-only: entries are never updated or deleted by the service, so there is no second writer
 * to worry about on FerretDB. Ids are UUIDv7: id order is time order, the cursor of the listing.
 */
@Injectable()
export class AuditLogStore implements OnModuleInit {
  private readonly entries: Collection<AuditEntry>;

  constructor(
    @InjectConnection() connection: Connection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.entries = connection.collection<AuditEntry>(AUDIT_LOG);
  }

  async onModuleInit(): Promise<void> {
    // Serve GET /audit?customerId=… and ?actorId=…, newest first.
    await this.entries.createIndex({ customerId: 1, _id: -1 }, { name: 'by_customer' });
    await this.entries.createIndex({ actorId: 1, _id: -1 }, { name: 'by_actor' });
  }

  async record(entry: Omit<AuditEntry, '_id' | 'at'>): Promise<void> {
    await this.entries.insertOne({ _id: uuidv7(), at: this.clock.now(), ...entry });
  }

  /** Many entries (a bulk run's changes) in one write: still one entry per change. */
  async recordMany(entries: readonly Omit<AuditEntry, '_id' | 'at'>[]): Promise<void> {
    if (entries.length === 0) return;
    const at = this.clock.now();
    await this.entries.insertMany(entries.map((entry) => ({ _id: uuidv7(), at, ...entry })));
  }

  /** Records what the caller of this request did: of one customer, or a list read (no customer). */
  async recordFor(
    context: RequestContext,
    action: AuditAction,
    what: readonly string[],
    customerId?: string,
  ): Promise<void> {
    await this.record({
      actorId: context.principal.userId,
      roles: context.principal.roles,
      action,
      ...(customerId === undefined ? {} : { customerId }),
      correlationId: context.correlationId,
      what,
    });
  }

  /** Newest first, before `cursor` (an entry id). */
  page(
    filter: { customerId?: string; actorId?: string },
    cursor: string | undefined,
    limit: number,
  ): Promise<AuditEntry[]> {
    return this.entries
      .find({ ...filter, ...(cursor ? { _id: { $lt: cursor } } : {}) })
      .sort({ _id: -1 })
      .limit(limit)
      .toArray();
  }
}
