import type { Db } from 'mongodb';
import type { BoundedContext } from '@crm/contracts';
import { unpublishedCommits } from '@crm/event-store';
import { eventually, testKafka, testTopic } from './test-env';

/** Keys in a canonical order: a document's per-stream checkpoints fill in as its topics interleave. */
export const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value !== null && typeof value === 'object' && !(value instanceof Date)
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([key, inner]) => [key, canonical(inner)]),
        )
      : value;

export interface GroupOnTopics {
  readonly groupId: string;
  /** Contract topics (without the test prefix) the group reads. */
  readonly topics: readonly string[];
}

/**
 * Waits until each consumer group has committed every record of its topics (of the services
 * started with `suffix`): what they projected is then all that was published.
 */
export async function consumerGroupsCaughtUp(
  suffix: string,
  groups: readonly GroupOnTopics[],
  { what, timeoutMs }: { what: string; timeoutMs: number },
): Promise<void> {
  const admin = testKafka(`caught-up-${suffix}`).admin();
  await admin.connect();
  try {
    await eventually(
      async () => {
        for (const { groupId, topics } of groups) {
          for (const contractTopic of topics) {
            const topic = testTopic(suffix, contractTopic);
            const ends = await admin.fetchTopicOffsets(topic);
            const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
            for (const end of ends) {
              const offset =
                committed!.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
              if (BigInt(end.high) > 0n && BigInt(offset) < BigInt(end.high)) return undefined;
            }
          }
        }
        return true;
      },
      { what, timeoutMs, intervalMs: 200 },
    );
  } finally {
    await admin.disconnect();
  }
}

export interface RebuiltProjection {
  /** Its name (slot and consumer group). */
  readonly name: string;
  /** The collection it lives in until its first rebuild. */
  readonly collection: string;
  /** Contract topics it reads. */
  readonly topics: readonly string[];
}

export interface RebuildCheck {
  readonly db: () => Db;
  /** The service name: its route prefix, its event store's context and the middle of its consumer groups. */
  readonly service: BoundedContext;
  readonly suffix: string;
  readonly consumerGroupPrefix: string;
  readonly projections: readonly RebuiltProjection[];
  /** Calls the service as an administrator. */
  readonly rebuild: (body: Record<string, unknown>) => Promise<{ status: number; body: unknown }>;
  /** Bookkeeping fields left out of the comparison (none by default). */
  readonly ignore?: readonly string[];
}

/**
 * Waits until the service's outbox has published everything and every projection's consumer group
 * has committed every record of its topics, snapshots the live collections, rebuilds them all
 * through the admin route and compares every document of each rebuilt collection with the live
 * one. Returns the live snapshot (documents per projection) for further checks.
 */
export async function expectRebuildEqualsLive(
  check: RebuildCheck,
): Promise<Record<string, Record<string, unknown>[]>> {
  // Loaded here, not at the top: `@jest/globals` throws outside Jest, and the bench and the demo
  // load this package's index for its other helpers.
  const { expect } = await import('@jest/globals');
  const collectionOf = async (projection: RebuiltProjection) =>
    (
      await check
        .db()
        .collection<{ _id: string; collection: string }>('projection_slots')
        .findOne({ _id: projection.name })
    )?.collection ?? projection.collection;
  const snapshot = async () => {
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const projection of check.projections) {
      const documents = await check
        .db()
        .collection(await collectionOf(projection))
        .find({})
        .sort({ _id: 1 })
        .toArray();
      out[projection.name] = documents.map((document) => {
        const kept = Object.fromEntries(
          Object.entries(document).filter(([key]) => !(check.ignore ?? []).includes(key)),
        );
        return canonical(kept) as Record<string, unknown>;
      });
    }
    return out;
  };
  await eventually(
    async () => ((await unpublishedCommits(check.db(), check.service)) === 0 ? true : undefined),
    { what: `${check.service}' outbox to publish everything`, timeoutMs: 30_000, intervalMs: 200 },
  );
  await consumerGroupsCaughtUp(
    check.suffix,
    check.projections.map((projection) => ({
      groupId: `${check.consumerGroupPrefix}.${check.service}.${projection.name}`,
      topics: projection.topics,
    })),
    { what: 'every projection consumer to catch up', timeoutMs: 30_000 },
  );
  const live = await snapshot();

  const unknown = await check.rebuild({ projections: ['nope'] });
  expect(unknown).toMatchObject({
    status: 404,
    body: { type: 'urn:crm:problem:projection-not-found' },
  });
  const rebuilt = await check.rebuild({});
  expect(rebuilt.status).toBe(200);
  const results = (rebuilt.body as { rebuilt: { projection: string; collection: string }[] })
    .rebuilt;
  expect(results.map((result) => result.projection).sort()).toEqual(
    check.projections.map((projection) => projection.name).sort(),
  );
  // Fresh collections, not the ones the live consumers wrote.
  for (const projection of check.projections) {
    expect(await collectionOf(projection)).not.toBe(projection.collection);
  }
  const after = await snapshot();
  for (const projection of check.projections) {
    expect(after[projection.name]).toEqual(live[projection.name]);
  }
  return live;
}
