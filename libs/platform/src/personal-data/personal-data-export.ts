import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import type { CommitDocument, PayloadCodec } from '@crm/event-store';
import type { BaseConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.tokens';

/** One event's personal values as this service holds them (opened with its own key). */
const personalDatum = z.object({
  context: z.string(),
  eventId: z.string(),
  type: z.string(),
  stream: z.string(),
  occurredAt: z.string(),
  values: z
    .record(z.string(), z.unknown())
    .describe("dotted path → value: the event's personal fields only"),
});
export type PersonalDatum = z.infer<typeof personalDatum>;

/** Everything one service holds about a customer that is personal data (ADR 90, access). */
export const personalDataOfService = z.object({
  service: z.string(),
  customerId: z.string(),
  items: z.array(personalDatum).readonly(),
});
export type PersonalDataOfService = z.infer<typeof personalDataOfService>;

interface ExportedContext {
  readonly codec: PayloadCodec;
  readonly collection: string;
  readonly fields: (type: string) => readonly { readonly path: readonly string[] }[];
}

const valueAt = (data: Record<string, unknown>, path: readonly string[]): unknown =>
  path.reduce<unknown>(
    (current, segment) =>
      typeof current === 'object' && current !== null
        ? (current as Record<string, unknown>)[segment]
        : undefined,
    data,
  );

/**
 * The service's part of an access export: the personal values of every event its stores hold about
 * the customer, opened with its own keys (after an erasure they are placeholders or absent).
 */
@Injectable()
export class PersonalDataExport {
  private readonly contexts = new Map<string, ExportedContext>();

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Inject(APP_CONFIG) private readonly config: BaseConfig,
  ) {}

  /** Registered by the event-sourcing module of each context whose events carry personal data. */
  register(context: string, exported: ExportedContext): void {
    this.contexts.set(context, exported);
  }

  async of(customerId: string): Promise<PersonalDataOfService> {
    const items: PersonalDatum[] = [];
    for (const [context, { codec, collection, fields }] of this.contexts) {
      // An export is rare and per person: reading the commits that name the customer is enough.
      const commits = await this.connection
        .collection<CommitDocument>(collection)
        .find({
          $or: [{ 'events.customerId': customerId }, { 'events.data.customerId': customerId }],
        })
        .sort({ createdAt: 1 })
        .toArray();
      const events = commits
        .flatMap((commit) => commit.events)
        .filter((event) => (event.customerId ?? event.data['customerId']) === customerId);
      for (const event of await codec.decode(events)) {
        const values: Record<string, unknown> = {};
        for (const { path } of fields(event.type)) {
          const value = valueAt(event.data, path);
          if (value !== undefined && value !== null) values[path.join('.')] = value;
        }
        if (Object.keys(values).length === 0) continue;
        items.push({
          context,
          eventId: event.id,
          type: event.type,
          stream: event.stream,
          occurredAt: event.occurredAt,
          values,
        });
      }
    }
    return { service: this.config.SERVICE_NAME, customerId, items };
  }
}
