import { foldEvents, type Decider, type DomainEvent } from './decider';
import { assertStreamVersion, EventStoreError, EventStoreErrorCode } from './event-store.errors';
import type { EventStore } from './event-store';
import type { AppendMetadata, AppendResult, StoredEvent } from './stored-event';

/** An aggregate's state folded from its stream, and the stream version it was folded at. */
export interface Folded<State> {
  readonly state: State;
  readonly version: number;
}

/** Who asked for the command and why: copied onto every event it appends. */
export interface CommandMetadata {
  readonly actorId: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** A retried command with the same key appends nothing and gets the first outcome back. */
  readonly idempotencyKey?: string | undefined;
  /** Business time of the events; defaults to the store's clock. */
  readonly occurredAt?: Date;
}

/**
 * Who caused a command the system gives itself on behalf of one trigger (a job, an event, a run):
 * the trigger's id is both the correlation and the cause.
 */
export const causedBy = (
  actorId: string,
  triggerId: string,
  more: Pick<CommandMetadata, 'idempotencyKey' | 'occurredAt'> = {},
): CommandMetadata => ({ actorId, correlationId: triggerId, causationId: triggerId, ...more });

export interface CommandHandlerOptions<State> {
  /** Called after every append that wrote something: wakes the outbox relay. */
  readonly wake?: () => void;
  /** The customer the events are about (the partition key), read from the state after them. */
  readonly customerIdOf?: (state: State, stream: string) => string | undefined;
  /** Default number of retries after a version conflict (another writer appended first). */
  readonly retries?: number;
}

export interface HandleOptions<State, Event extends DomainEvent> {
  /**
   * The version the caller read (If-Match): any other current version refuses the command before
   * anything is decided, and a conflict is never retried — the caller decided on what it saw.
   */
  readonly expectedVersion?: number | undefined;
  /** Retries after a version conflict: load, decide and append again on the new version. */
  readonly retries?: number;
  /** Starts from a fold the caller already has (a bulk run following its own appends). */
  readonly loaded?: Folded<State> | undefined;
  /** Decide only: nothing is appended (checks that a command would be accepted now). */
  readonly dryRun?: boolean;
  /** Work that must exist before the events do (e.g. a scheduled job); runs once per attempt. */
  readonly beforeAppend?: (events: readonly Event[], folded: Folded<State>) => Promise<void>;
}

export interface Handled<State> {
  /** The stream written; for an idempotent replay, the stream of the first command. */
  readonly stream: string;
  /** The stream version after the command. */
  readonly version: number;
  /** The state after the command (for a replay: the replayed stream as it is now). */
  readonly state: State;
  /** The events appended (or, for a replay, those the first command appended); none if nothing changed. */
  readonly events: readonly StoredEvent[];
  readonly replayed: boolean;
}

/** What became of one command of a batch: its events (none = nothing to do), or its refusal. */
export type BatchOutcome =
  | { readonly events: readonly StoredEvent[]; readonly refused?: undefined }
  | { readonly events?: undefined; readonly refused: unknown };

export interface HandledBatch<State> {
  readonly stream: string;
  /** The stream version after the batch. */
  readonly version: number;
  /** The state after the batch (for a replay: the stream as it is now). */
  readonly state: State;
  /** One per command, in order. */
  readonly outcomes: readonly BatchOutcome[];
  /**
   * The idempotency key had been used: the same batch was appended before (e.g. by a concurrent
   * run), so none of these commands changed anything now.
   */
  readonly replayed: boolean;
}

export type BatchOptions<State> = Pick<HandleOptions<State, never>, 'retries' | 'loaded'>;

/** A command is given as is, or built from the folded state (which may refuse it by throwing). */
export type CommandInput<State, Command> = Command | ((folded: Folded<State>) => Command);

/**
 * For a single command, the builder may also read what the command needs (after the fold, so a
 * retry after a conflict reads it again on the stream as the winner left it).
 */
export type SingleCommandInput<State, Command> =
  CommandInput<State, Command> | ((folded: Folded<State>) => Promise<Command>);

/** One stream's commands of a `handleBatches` call, with the fold the caller has of it (if any). */
export interface StreamBatch<State, Command> {
  readonly stream: string;
  readonly commands: readonly CommandInput<State, Command>[];
  readonly metadata: CommandMetadata;
  readonly loaded?: Folded<State> | undefined;
}

/** How many events each command of a batch produced, or why it was refused. */
type Decided = { readonly count: number } | { readonly refused: unknown };

/** Each accepted command's share of the events a batch appended. */
function outcomesOf(decided: readonly Decided[], appended: AppendResult): BatchOutcome[] {
  let offset = 0;
  return decided.map((one) => {
    if ('refused' in one) return one;
    offset += one.count;
    return { events: appended.events.slice(offset - one.count, offset) };
  });
}

const isConflict = (error: unknown): boolean =>
  error instanceof EventStoreError && error.code === EventStoreErrorCode.StreamVersionConflict;

/**
 * Runs `attempt` (load, decide, append) and again when it lost the race to another writer (a
 * version conflict), at most `retries` more times; anything else, or the last conflict, is thrown.
 */
async function retryOnConflict<T>(
  retries: number,
  attempt: (attempt: number) => Promise<T>,
): Promise<T> {
  for (let attempted = 0; ; attempted += 1) {
    try {
      return await attempt(attempted);
    } catch (error) {
      if (!isConflict(error) || attempted >= retries) throw error;
    }
  }
}

/** Who asked and why, onto every event appended, with the partition key the state names. */
const appendMetadataOf = (
  metadata: CommandMetadata,
  customerId: string | undefined,
): AppendMetadata => ({
  actorId: metadata.actorId,
  correlationId: metadata.correlationId,
  causationId: metadata.causationId,
  ...(customerId === undefined ? {} : { customerId }),
  ...(metadata.idempotencyKey ? { idempotencyKey: metadata.idempotencyKey } : {}),
  ...(metadata.occurredAt ? { occurredAt: metadata.occurredAt } : {}),
});

/**
 * The one path of every command of every aggregate: load the stream, fold it, decide, append at
 * the version folded (optimistic concurrency), retry a bounded number of times when another writer
 * got there first, and wake the outbox relay. Pure deciders stay free of I/O; handlers in the
 * services add only what is theirs (access checks, audit, jobs).
 */
export class CommandHandler<State, Command, Event extends DomainEvent> {
  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<State, Command, Event>,
    private readonly options: CommandHandlerOptions<State> = {},
  ) {}

  /** The aggregate as its stream says now. */
  async load(stream: string): Promise<Folded<State>> {
    const loaded = await this.store.load(stream);
    return { state: this.fold(this.decider.initialState, loaded.events), version: loaded.version };
  }

  /**
   * Every aggregate whose stream starts with `prefix`, folded, from one read of the store: a run
   * over all of them decides each on its fold and passes it as `loaded` (the append is still at
   * the version folded, so a writer that came in between is still refused).
   */
  async loadPrefixed(prefix: string): Promise<Map<string, Folded<State>>> {
    const folded = new Map<string, Folded<State>>();
    for (const loaded of await this.store.loadPrefixed(prefix)) {
      folded.set(loaded.stream, {
        state: this.fold(this.decider.initialState, loaded.events),
        version: loaded.version,
      });
    }
    return folded;
  }

  /** The aggregate after events this process has just appended to it. */
  follow(folded: Folded<State>, appended: readonly StoredEvent[]): Folded<State> {
    return {
      state: this.fold(folded.state, appended),
      version: appended.at(-1)?.sequence ?? folded.version,
    };
  }

  async handle(
    stream: string,
    command: SingleCommandInput<State, Command>,
    metadata: CommandMetadata,
    options: HandleOptions<State, Event> = {},
  ): Promise<Handled<State>> {
    // An If-Match command is never retried: the caller decided on the version it saw.
    const retries =
      options.expectedVersion !== undefined ? 0 : (options.retries ?? this.options.retries ?? 3);
    return retryOnConflict(retries, async (attempt) => {
      const folded = attempt === 0 && options.loaded ? options.loaded : await this.load(stream);
      // Built first: it may refuse as "not found", which must not leak as a version mismatch.
      const decidable =
        typeof command === 'function'
          ? await (command as (folded: Folded<State>) => Command | Promise<Command>)(folded)
          : command;
      assertStreamVersion(stream, folded.version, options.expectedVersion);
      const events = this.decider.decide(decidable, folded.state);
      if (events.length === 0 || options.dryRun) {
        return {
          stream,
          version: folded.version,
          state: folded.state,
          events: [],
          replayed: false,
        };
      }
      await options.beforeAppend?.(events, folded);
      const after = foldEvents(this.decider, folded.state, events);
      const { appended, replay } = await this.append(stream, folded, events, after, metadata);
      if (replay) {
        return {
          stream: replay.stream,
          version: appended.toVersion,
          state: replay.state,
          events: appended.events,
          replayed: true,
        };
      }
      return {
        stream,
        version: appended.toVersion,
        state: after,
        events: appended.events,
        replayed: false,
      };
    });
  }

  /**
   * Many commands to one stream as one append (a bulk import): load once, decide each command on
   * the state the ones before it left, and append every event in one commit at the version
   * folded. A command that throws (refused, or its builder refused) is reported in its outcome and
   * the others go on; a version conflict reloads and decides the whole batch again. With an
   * idempotency key, a batch already appended (a concurrent run of the same input) is a replay.
   */
  async handleBatch(
    stream: string,
    commands: readonly CommandInput<State, Command>[],
    metadata: CommandMetadata,
    options: BatchOptions<State> = {},
  ): Promise<HandledBatch<State>> {
    const retries = options.retries ?? this.options.retries ?? 3;
    return retryOnConflict(retries, async (attempt) => {
      const folded = attempt === 0 && options.loaded ? options.loaded : await this.load(stream);
      const { state, events, decided } = this.decideBatch(folded, commands);
      if (events.length === 0) {
        const outcomes = decided.map((one) => ('refused' in one ? one : { events: [] }));
        return { stream, version: folded.version, state, outcomes, replayed: false };
      }
      const { appended, replay } = await this.append(stream, folded, events, state, metadata);
      if (replay) {
        const outcomes = decided.map((one) => ('refused' in one ? one : { events: [] }));
        return { ...replay, outcomes, replayed: true };
      }
      return {
        stream,
        version: appended.toVersion,
        state,
        outcomes: outcomesOf(decided, appended),
        replayed: false,
      };
    });
  }

  /**
   * Many streams' batches (a bulk import over many customers): each decided as `handleBatch`
   * decides it, on the caller's fold or a fresh load (up to `loadsInFlight` at once), and every
   * resulting commit sent in one `appendMany`. A batch whose commit was not stored (its stream
   * moved on, its idempotency key was used) goes again through `handleBatch`, which reloads.
   * One result per batch, in order.
   */
  async handleBatches(
    batches: readonly StreamBatch<State, Command>[],
    options: Pick<BatchOptions<State>, 'retries'> & { readonly loadsInFlight?: number } = {},
  ): Promise<HandledBatch<State>[]> {
    const folds: Folded<State>[] = new Array(batches.length);
    const toLoad = batches.flatMap((batch, index) => (batch.loaded ? [] : [index]));
    batches.forEach((batch, index) => {
      if (batch.loaded) folds[index] = batch.loaded;
    });
    let next = 0;
    const loader = async () => {
      while (next < toLoad.length) {
        const index = toLoad[next++]!;
        folds[index] = await this.load(batches[index]!.stream);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(options.loadsInFlight ?? 8, toLoad.length) }, loader),
    );
    const decisions = batches.map((batch, index) =>
      this.decideBatch(folds[index]!, batch.commands),
    );
    const writing = decisions.flatMap((decision, index) =>
      decision.events.length > 0 ? [index] : [],
    );
    const appended = await this.store.appendMany(
      writing.map((index) => {
        const { state, events } = decisions[index]!;
        const { stream, metadata } = batches[index]!;
        return {
          stream,
          expectedVersion: folds[index]!.version,
          events,
          metadata: appendMetadataOf(metadata, this.options.customerIdOf?.(state, stream)),
        };
      }),
    );
    if (appended.some((one) => one !== undefined)) this.options.wake?.();
    const stored = new Map(writing.map((index, position) => [index, appended[position]]));
    const results: HandledBatch<State>[] = [];
    for (const [index, batch] of batches.entries()) {
      const { state, events, decided } = decisions[index]!;
      const folded = folds[index]!;
      const commit = stored.get(index);
      if (events.length === 0) {
        const outcomes = decided.map((one) => ('refused' in one ? one : { events: [] }));
        results.push({
          stream: batch.stream,
          version: folded.version,
          state,
          outcomes,
          replayed: false,
        });
      } else if (commit) {
        results.push({
          stream: batch.stream,
          version: commit.toVersion,
          state,
          outcomes: outcomesOf(decided, commit),
          replayed: false,
        });
      } else {
        results.push(
          await this.handleBatch(batch.stream, batch.commands, batch.metadata, {
            retries: options.retries,
          }),
        );
      }
    }
    return results;
  }

  /** Decides each command on the state the ones before it left; a refusal stops only its own. */
  private decideBatch(
    folded: Folded<State>,
    commands: readonly CommandInput<State, Command>[],
  ): { state: State; events: Event[]; decided: Decided[] } {
    let state = folded.state;
    const events: Event[] = [];
    const decided = commands.map((command): Decided => {
      try {
        const decidable =
          typeof command === 'function'
            ? (command as (folded: Folded<State>) => Command)({
                state,
                version: folded.version + events.length,
              })
            : command;
        const produced = this.decider.decide(decidable, state);
        state = foldEvents(this.decider, state, produced);
        events.push(...produced);
        return { count: produced.length };
      } catch (refused) {
        return { refused };
      }
    });
    return { state, events, decided };
  }

  /**
   * Appends decided events at the folded version. With an idempotency key already used, the store
   * answers the first append instead (a replay): then the stream written is read as it is now.
   * A new append wakes the relay.
   */
  private async append(
    stream: string,
    folded: Folded<State>,
    events: readonly Event[],
    after: State,
    metadata: CommandMetadata,
  ): Promise<{
    appended: AppendResult;
    replay?: { stream: string; version: number; state: State };
  }> {
    const customerId = this.options.customerIdOf?.(after, stream);
    const appended = await this.store.append(
      stream,
      folded.version,
      events,
      appendMetadataOf(metadata, customerId),
    );
    if (!appended.replayed) {
      this.options.wake?.();
      return { appended };
    }
    const written = appended.events[0]?.stream ?? stream;
    const now = await this.load(written);
    return { appended, replay: { stream: written, version: now.version, state: now.state } };
  }

  private fold(state: State, events: readonly StoredEvent[]): State {
    // The store validated every event against the contract when it was appended.
    return events.reduce(
      (current, event) =>
        this.decider.evolve(current, { type: event.type, data: event.data } as Event),
      state,
    );
  }
}
