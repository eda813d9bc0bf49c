import type { Collection, Db } from 'mongodb';
import type { CloudEvent } from '@crm/contracts';
import { applyingOverKnownGaps, ProjectionGapError } from '@crm/event-store';
import type { ConsumedEventMeta, StreamGaps } from '@crm/messaging';
import type { Clock } from '../time/clock';

/** One event a consumer group dead-lettered: its read models are marked until rebuilt (ADR 75). */
export interface StreamGapDocument {
  /** `<group>|<stream>|<sequence>`: remembering the same event twice changes nothing. */
  _id: string;
  group: string;
  stream: string;
  sequence: number;
  eventId: string;
  type: string;
  customerId: string | null;
  topic: string;
  partition: number;
  offset: string;
  reason: string;
  at: Date;
}

export const STREAM_GAPS = 'consumer_stream_gaps';

/** What a group's read models miss: how many events, of how many customers. */
export interface GapSummary {
  readonly events: number;
  readonly customers: number;
}

/** The ledger of every consumer group of a service, in the service's own database. */
export class StreamGapLedger {
  private readonly gaps: Collection<StreamGapDocument>;

  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
    this.gaps = db.collection<StreamGapDocument>(STREAM_GAPS);
  }

  /** The ledger of one group, as its consumer uses it. */
  of(group: string): StreamGaps {
    return {
      remember: (event, meta, reason) => this.remember(group, event, meta, reason),
      retryOverGaps: (_event, error, handle) => this.retryOverGaps(group, error, handle),
    };
  }

  async remember(
    group: string,
    event: CloudEvent,
    meta: ConsumedEventMeta,
    reason: string,
  ): Promise<void> {
    const document: StreamGapDocument = {
      _id: `${group}|${event.subject}|${event.sequence}`,
      group,
      stream: event.subject,
      sequence: event.sequence,
      eventId: event.id,
      type: event.type,
      customerId: event.customerid ?? null,
      topic: meta.topic,
      partition: meta.partition,
      offset: meta.offset,
      // The reason as the DLQ has it, without what PostgreSQL refused to store (a NUL, say).
      reason: reason.replace(/\p{Cc}/gu, '\ufffd').slice(0, 1000),
      at: this.clock.now(),
    };
    await this.gaps.replaceOne({ _id: document._id }, document, { upsert: true });
  }

  private async retryOverGaps(
    group: string,
    error: unknown,
    handle: () => Promise<void>,
  ): Promise<boolean> {
    if (!(error instanceof ProjectionGapError)) return false;
    const known = await this.gaps.find({ group, stream: error.stream }).toArray();
    const versions = new Set(known.map((gap) => gap.sequence));
    for (let version = error.expected; version < error.received; version += 1) {
      if (!versions.has(version)) return false;
    }
    await applyingOverKnownGaps(new Map([[error.stream, versions]]), handle);
    return true;
  }

  /** The events a group could not apply, newest first. */
  list(group: string, limit = 100): Promise<StreamGapDocument[]> {
    return this.gaps.find({ group }).sort({ at: -1 }).limit(limit).toArray();
  }

  async summary(group: string): Promise<GapSummary> {
    const gaps = await this.gaps
      .find({ group }, { projection: { customerId: 1, stream: 1 } })
      .toArray();
    return {
      events: gaps.length,
      customers: new Set(gaps.map((gap) => gap.customerId ?? gap.stream)).size,
    };
  }

  /** A rebuilt read model applied everything again: its group's marks go (what failed again is re-marked). */
  async forget(group: string): Promise<number> {
    return (await this.gaps.deleteMany({ group })).deletedCount;
  }

  /** Moves the marks a rebuild left under its throwaway group to the live group. */
  async adopt(fromGroup: string, toGroup: string): Promise<void> {
    await this.forget(toGroup);
    for (const gap of await this.gaps.find({ group: fromGroup }).toArray()) {
      await this.gaps.insertOne({
        ...gap,
        _id: `${toGroup}|${gap.stream}|${gap.sequence}`,
        group: toGroup,
      });
    }
    await this.forget(fromGroup);
  }
}
