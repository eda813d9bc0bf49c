import { deepStrictEqual, fail } from 'node:assert/strict';
import type { InMemoryEventStore } from './in-memory-event-store';
import type { AppendMetadata, NewEvent, StoredEvent } from './stored-event';

/** Events per stream, as a test states them: `{ [stream]: [{ type, data }, ...] }`. */
export type EventsByStream = Readonly<Record<string, readonly NewEvent[]>>;

const GIVEN: AppendMetadata = {
  actorId: 'test:given',
  correlationId: 'test:given',
  causationId: 'test:given',
};

// What the store keeps is JSON: an `undefined` member is the same as a missing one.
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

const byStream = (events: readonly StoredEvent[]): Record<string, NewEvent[]> => {
  const grouped: Record<string, NewEvent[]> = {};
  for (const event of events) {
    (grouped[event.stream] ??= []).push({ type: event.type, data: event.data });
  }
  return grouped;
};

export interface ScenarioOutcome<T> {
  /**
   * The command appended exactly these events (nothing on any other stream); resolves with the
   * handler's result. `expected` may be built from the result (e.g. a stream id drawn inside).
   */
  thenAppended(expected: EventsByStream | ((result: T) => EventsByStream)): Promise<T>;
  /** The command was accepted and changed nothing. */
  thenNothingAppended(): Promise<T>;
  /** The command was refused with this error code, and nothing was appended. */
  thenRefused(code: string): Promise<unknown>;
}

/**
 * given / when / then for command handlers on an `InMemoryEventStore`: `given` writes the
 * history, `when` runs the handler, the outcome checks what it appended or why it refused.
 */
export class CommandScenario {
  private readonly history: [string, readonly NewEvent[]][] = [];

  constructor(private readonly store: InMemoryEventStore) {}

  given(stream: string, ...events: readonly NewEvent[]): this {
    this.history.push([stream, events]);
    return this;
  }

  when<T>(act: () => Promise<T>): ScenarioOutcome<T> {
    const run = async (): Promise<{ result?: T; error?: unknown; appended: StoredEvent[] }> => {
      for (const [stream, events] of this.history) {
        await this.store.append(stream, await this.store.currentVersion(stream), events, GIVEN);
      }
      const before = this.store.all().length;
      try {
        const result = await act();
        return { result, appended: this.store.all().slice(before) };
      } catch (error) {
        return { error, appended: this.store.all().slice(before) };
      }
    };
    const succeeded = async (): Promise<{ result: T; appended: StoredEvent[] }> => {
      const outcome = await run();
      if ('error' in outcome) throw outcome.error;
      return { result: outcome.result as T, appended: outcome.appended };
    };
    return {
      thenAppended: async (expected) => {
        const { result, appended } = await succeeded();
        const wanted = typeof expected === 'function' ? expected(result) : expected;
        deepStrictEqual(asJson(byStream(appended)), asJson(wanted));
        return result;
      },
      thenNothingAppended: async () => {
        const { result, appended } = await succeeded();
        deepStrictEqual(byStream(appended), {});
        return result;
      },
      thenRefused: async (code) => {
        const outcome = await run();
        if (!('error' in outcome))
          fail(`expected a refusal with ${code}, but the command succeeded`);
        const actual = (outcome.error as { code?: unknown } | null)?.code;
        if (actual !== code) throw outcome.error;
        deepStrictEqual(byStream(outcome.appended), {}, 'a refused command appended events');
        return outcome.error;
      },
    };
  }
}
