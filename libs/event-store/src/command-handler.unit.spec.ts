import { z } from 'zod';
import { defineEvent, EventRegistry } from '@crm/contracts';
import { causedBy, CommandHandler, type Folded } from './command-handler';
import { CommandScenario } from './command-scenario';
import type { Decider } from './decider';
import { EventStoreErrorCode } from './event-store.errors';
import { InMemoryEventStore } from './in-memory-event-store';
import type { LoadedStream } from './stored-event';

// A small ledger aggregate, registered in a catalogue of its own, so the handler is tested alone.
const deposited = defineEvent({
  context: 'customers',
  name: 'LedgerDeposited',
  version: 1,
  description: 'money paid in',
  schema: z.object({ ledgerId: z.string(), amount: z.number().int(), memo: z.string() }),
  example: { ledgerId: 'l-1', amount: 1, memo: 'x' },
});
const registry = new EventRegistry([deposited]);

type LedgerEvent = {
  readonly type: 'LedgerDeposited';
  readonly data: z.infer<typeof deposited.schema>;
};
type LedgerCommand = { readonly type: 'Deposit'; readonly amount: number; readonly memo: string };
interface Ledger {
  readonly ledgerId: string | null;
  readonly balance: number;
  readonly deposits: number;
}

class LedgerRefused extends Error {
  readonly code = 'LEDGER_AMOUNT_NOT_POSITIVE';
}

const ledgerDecider = (ledgerId: string): Decider<Ledger, LedgerCommand, LedgerEvent> => ({
  initialState: { ledgerId: null, balance: 0, deposits: 0 },
  evolve: (state, event) => ({
    ledgerId: event.data.ledgerId,
    balance: state.balance + event.data.amount,
    deposits: state.deposits + 1,
  }),
  decide: (command, state) => {
    if (command.amount <= 0) throw new LedgerRefused('deposits are positive');
    // A memo already on the latest deposit repeats it: nothing to do.
    if (state.deposits > 0 && command.memo === 'same again') return [];
    return [
      { type: 'LedgerDeposited', data: { ledgerId, amount: command.amount, memo: command.memo } },
    ];
  },
});

const BIG = 9_007_199_254_740_000; // far beyond 2^31, still a safe integer
const meta = { actorId: 'rep-7', correlationId: 'corr-1', causationId: 'cause-1' };
const deposit = (amount: number, memo = '货款 第一期'): LedgerCommand => ({
  type: 'Deposit',
  amount,
  memo,
});
const paid = (ledgerId: string, amount: number, memo = '货款 第一期') => ({
  type: 'LedgerDeposited',
  data: { ledgerId, amount, memo },
});

/** A store where another writer appends right after each of the first `times` loads. */
class ContendedStore extends InMemoryEventStore {
  constructor(private times: number) {
    super({ context: 'customers', registry });
  }

  override async load(stream: string): Promise<LoadedStream> {
    const loaded = await super.load(stream);
    if (this.times > 0) {
      this.times -= 1;
      await super.append(stream, loaded.version, [paid(stream, 1, '另一位')], meta);
    }
    return loaded;
  }
}

describe('CommandHandler', () => {
  let store: InMemoryEventStore;
  let wakes: number;
  let handler: CommandHandler<Ledger, LedgerCommand, LedgerEvent>;

  beforeEach(() => {
    store = new InMemoryEventStore({ context: 'customers', registry });
    wakes = 0;
    handler = new CommandHandler(store, ledgerDecider('l-1'), {
      wake: () => (wakes += 1),
      customerIdOf: (state) => state.ledgerId ?? undefined,
    });
  });

  it('folds every stream with a prefix from one read; a change decided on a stale fold is retried on the new version', async () => {
    await store.append('l-1', 0, [paid('l-1', 5), paid('l-1', 7)], meta);
    await store.append('l-2', 0, [paid('l-2', 11)], meta);
    await store.append('m-1', 0, [paid('m-1', 13)], meta);
    const folded = await handler.loadPrefixed('l-');
    expect(Object.fromEntries(folded)).toEqual({
      'l-1': { state: { ledgerId: 'l-1', balance: 12, deposits: 2 }, version: 2 },
      'l-2': { state: { ledgerId: 'l-2', balance: 11, deposits: 1 }, version: 1 },
    });
    // Another writer appends after the read: the append at the folded version conflicts, and
    // the retry decides on the stream as that writer left it.
    await store.append('l-1', 2, [paid('l-1', 1, '另一位')], meta);
    const handled = await handler.handle('l-1', deposit(3), meta, { loaded: folded.get('l-1') });
    expect(handled.version).toBe(4);
    expect(handled.state).toEqual({ ledgerId: 'l-1', balance: 16, deposits: 4 });
  });

  it('appends what the decider decides at the folded version, with the command metadata, and wakes the relay', async () => {
    const handled = await new CommandScenario(store)
      .given('l-1', paid('l-1', BIG))
      .when(() => handler.handle('l-1', deposit(BIG), { ...meta, idempotencyKey: 'k-1' }))
      .thenAppended({ 'l-1': [paid('l-1', BIG)] });
    expect(handled).toMatchObject({ stream: 'l-1', version: 2, replayed: false });
    expect(handled.state).toEqual({ ledgerId: 'l-1', balance: 2 * BIG, deposits: 2 });
    expect(handled.events[0]).toMatchObject({
      sequence: 2,
      actorId: 'rep-7',
      correlationId: 'corr-1',
      causationId: 'cause-1',
      customerId: 'l-1',
    });
    expect(wakes).toBe(1);
  });

  it('appends nothing and does not wake the relay when the decider decides nothing', async () => {
    const handled = await new CommandScenario(store)
      .given('l-1', paid('l-1', 5))
      .when(() => handler.handle('l-1', deposit(5, 'same again'), meta))
      .thenNothingAppended();
    expect(handled).toMatchObject({ version: 1, events: [], replayed: false });
    expect(wakes).toBe(0);
  });

  it('lets a refusal through and appends nothing', async () => {
    await new CommandScenario(store)
      .when(() => handler.handle('l-1', deposit(-BIG), meta))
      .thenRefused('LEDGER_AMOUNT_NOT_POSITIVE');
    expect(wakes).toBe(0);
  });

  it('builds the command from the folded state, which may refuse it', async () => {
    const seen: Folded<Ledger>[] = [];
    await new CommandScenario(store)
      .given('l-1', paid('l-1', 3), paid('l-1', 4))
      .when(() =>
        handler.handle(
          'l-1',
          (folded) => {
            seen.push(folded);
            return deposit(folded.state.balance);
          },
          meta,
        ),
      )
      .thenAppended({ 'l-1': [paid('l-1', 7)] });
    expect(seen).toEqual([{ state: { ledgerId: 'l-1', balance: 7, deposits: 2 }, version: 2 }]);
  });

  it('refuses a stale If-Match before deciding, and never retries it', async () => {
    let decided = 0;
    const ledger = ledgerDecider('l-1');
    const counting = new CommandHandler<Ledger, LedgerCommand, LedgerEvent>(store, {
      ...ledger,
      decide: (command, state) => ((decided += 1), ledger.decide(command, state)),
    });
    await new CommandScenario(store)
      .given('l-1', paid('l-1', 1), paid('l-1', 2))
      .when(() => counting.handle('l-1', deposit(3), meta, { expectedVersion: 1 }))
      .thenRefused(EventStoreErrorCode.StreamVersionConflict);
    expect(decided).toBe(0);
  });

  it('lets the command builder refuse before the If-Match check (a hidden stream stays hidden)', async () => {
    const hidden = Object.assign(new Error('no such ledger'), { code: 'LEDGER_NOT_FOUND' });
    await new CommandScenario(store)
      .given('l-1', paid('l-1', 1))
      .when(() =>
        handler.handle(
          'l-1',
          () => {
            throw hidden;
          },
          meta,
          { expectedVersion: 7 },
        ),
      )
      .thenRefused('LEDGER_NOT_FOUND');
  });

  it('retries a version conflict on the new version and decides again', async () => {
    const contended = new ContendedStore(2);
    const retrying = new CommandHandler(contended, ledgerDecider('l-1'));
    const handled = await retrying.handle('l-1', (f) => deposit(f.state.balance + 100), meta);
    // Two foreign deposits of 1 landed first; the third attempt decided on both.
    expect(handled.version).toBe(3);
    expect((await contended.load('l-1')).events.map((event) => event.data['amount'])).toEqual([
      1, 1, 102,
    ]);
  });

  it('reads what an async builder needs after each fold, again after a lost race', async () => {
    const contended = new ContendedStore(1);
    const retrying = new CommandHandler(contended, ledgerDecider('l-1'));
    const reads: number[] = [];
    const handled = await retrying.handle(
      'l-1',
      async (f) => {
        // What the command reads elsewhere (a read model), seen at the version just folded.
        reads.push(f.version);
        await Promise.resolve();
        return deposit(10 * (f.version + 1), `第${f.version}版`);
      },
      meta,
    );
    expect(reads).toEqual([0, 1]);
    expect(handled.version).toBe(2);
    expect((await contended.load('l-1')).events.map((event) => event.data['amount'])).toEqual([
      1, 20,
    ]);
  });

  it('gives up after the bounded number of retries', async () => {
    const contended = new ContendedStore(10);
    const retrying = new CommandHandler(contended, ledgerDecider('l-1'), { retries: 2 });
    await expect(retrying.handle('l-1', deposit(1), meta)).rejects.toMatchObject({
      code: EventStoreErrorCode.StreamVersionConflict,
    });
    // Three attempts, each beaten by the other writer; none of ours landed.
    expect((await contended.load('l-1')).events.map((event) => event.data['memo'])).toEqual([
      '另一位',
      '另一位',
      '另一位',
    ]);
  });

  it('does not retry when the caller named the version it read', async () => {
    const contended = new ContendedStore(1);
    const retrying = new CommandHandler(contended, ledgerDecider('l-1'));
    await expect(
      retrying.handle('l-1', deposit(1), meta, { expectedVersion: 0 }),
    ).rejects.toMatchObject({ code: EventStoreErrorCode.StreamVersionConflict });
  });

  it('returns the first outcome for a repeated idempotency key, on the first stream, without waking the relay', async () => {
    await handler.handle('l-1', deposit(BIG), { ...meta, idempotencyKey: 'order-9' });
    const replay = await new CommandScenario(store)
      .when(() => handler.handle('l-2', deposit(BIG), { ...meta, idempotencyKey: 'order-9' }))
      .thenNothingAppended();
    expect(replay).toMatchObject({ stream: 'l-1', version: 1, replayed: true });
    expect(replay.state).toEqual({ ledgerId: 'l-1', balance: BIG, deposits: 1 });
    expect(wakes).toBe(1);
  });

  it('decides without appending in a dry run', async () => {
    await new CommandScenario(store)
      .when(() => handler.handle('l-1', deposit(BIG), meta, { dryRun: true }))
      .thenNothingAppended();
    await expect(handler.handle('l-1', deposit(0), meta, { dryRun: true })).rejects.toBeInstanceOf(
      LedgerRefused,
    );
  });

  it('runs beforeAppend before the events exist; if it fails, nothing is appended', async () => {
    const order: string[] = [];
    await handler.handle('l-1', deposit(1), meta, {
      beforeAppend: async (events, folded) => {
        order.push(
          `${events.length} at ${folded.version}, stored ${(await store.load('l-1')).version}`,
        );
      },
    });
    expect(order).toEqual(['1 at 0, stored 0']);
    await expect(
      handler.handle('l-1', deposit(1), meta, {
        beforeAppend: () => Promise.reject(new Error('queue down')),
      }),
    ).rejects.toThrow('queue down');
    expect(await store.currentVersion('l-1')).toBe(1);
  });

  it('starts from a fold the caller keeps and follows its own appends', async () => {
    const first = await handler.handle('l-1', deposit(2), meta);
    const followed = handler.follow(
      { state: ledgerDecider('l-1').initialState, version: 0 },
      first.events,
    );
    expect(followed).toEqual({ state: first.state, version: 1 });
    const second = await handler.handle('l-1', deposit(3), meta, { loaded: followed });
    expect(second.state.balance).toBe(5);
  });

  it('records a command the system gives itself with its trigger as correlation and cause', async () => {
    const at = new Date('2026-03-01T08:00:00Z');
    const cause = causedBy('system:nightly', 'job-42', {
      occurredAt: at,
      idempotencyKey: 'nightly:job-42',
    });
    const handled = await handler.handle('l-1', deposit(4, '夜间结算'), cause);
    expect(handled.events[0]).toMatchObject({
      actorId: 'system:nightly',
      correlationId: 'job-42',
      causationId: 'job-42',
      occurredAt: '2026-03-01T08:00:00.000Z',
    });
    // The job run again replays the first append under the same key.
    const again = await handler.handle('l-1', deposit(4, '夜间结算'), cause);
    expect(again).toMatchObject({ replayed: true, version: 1 });
  });
});

describe('CommandHandler.handleBatch', () => {
  /** Counts appends: a batch must be one commit. */
  class CountingStore extends InMemoryEventStore {
    appends = 0;
    override append(...args: Parameters<InMemoryEventStore['append']>) {
      this.appends += 1;
      return super.append(...args);
    }
  }
  let store: CountingStore;
  let wakes: number;
  let handler: CommandHandler<Ledger, LedgerCommand, LedgerEvent>;

  beforeEach(() => {
    store = new CountingStore({ context: 'customers', registry });
    wakes = 0;
    handler = new CommandHandler(store, ledgerDecider('l-1'), { wake: () => (wakes += 1) });
  });

  it('appends the events of every command as one commit, each decided on the state the ones before left', async () => {
    const handled = await new CommandScenario(store)
      .given('l-1', paid('l-1', 1))
      .when(() =>
        handler.handleBatch(
          'l-1',
          [
            deposit(BIG),
            deposit(-1),
            (f) => deposit(f.state.balance, '余额'),
            deposit(9, 'same again'),
          ],
          meta,
        ),
      )
      .thenAppended({ 'l-1': [paid('l-1', BIG), paid('l-1', BIG + 1, '余额')] });
    expect(store.appends).toBe(2); // the given one and the batch
    expect(wakes).toBe(1);
    expect(handled).toMatchObject({ version: 3, replayed: false });
    expect(handled.state).toEqual({ ledgerId: 'l-1', balance: 2 * BIG + 2, deposits: 3 });
    const [first, refused, third, repeated] = handled.outcomes;
    expect(first?.events?.map((event) => event.sequence)).toEqual([2]);
    expect(refused?.refused).toBeInstanceOf(LedgerRefused);
    expect(third?.events?.map((event) => event.sequence)).toEqual([3]);
    expect(repeated).toEqual({ events: [] });
  });

  it('appends nothing when no command of the batch changes anything', async () => {
    const handled = await new CommandScenario(store)
      .given('l-1', paid('l-1', 1))
      .when(() => handler.handleBatch('l-1', [deposit(0), deposit(2, 'same again')], meta))
      .thenNothingAppended();
    expect(handled.outcomes.map((outcome) => outcome.events)).toEqual([undefined, []]);
    expect(wakes).toBe(0);
  });

  it('decides the whole batch again on the new version after a conflict', async () => {
    const contended = new ContendedStore(1);
    const retrying = new CommandHandler(contended, ledgerDecider('l-1'));
    const handled = await retrying.handleBatch(
      'l-1',
      [(f) => deposit(f.state.balance + 10), (f) => deposit(f.version * 100)],
      meta,
    );
    // The foreign deposit of 1 landed first: the retry saw it (balance 1, version 1).
    expect((await contended.load('l-1')).events.map((event) => event.data['amount'])).toEqual([
      1, 11, 200,
    ]);
    expect(handled.version).toBe(3);
  });

  it('is a replay when its idempotency key was used: nothing is appended twice', async () => {
    const keyed = { ...meta, idempotencyKey: 'batch-7' };
    await handler.handleBatch('l-1', [deposit(5), deposit(6)], keyed);
    // A concurrent run decided on the old version and appends the same batch under the same key.
    const stale = { state: ledgerDecider('l-1').initialState, version: 0 };
    const replay = await handler.handleBatch('l-1', [deposit(5), deposit(6)], keyed, {
      loaded: stale,
    });
    expect(replay).toMatchObject({ replayed: true, version: 2 });
    expect(replay.outcomes).toEqual([{ events: [] }, { events: [] }]);
    expect((await store.load('l-1')).events).toHaveLength(2);
  });
});

describe('CommandHandler.handleBatches', () => {
  /** Counts writes: the batches of many streams must be one appendMany. */
  class CountingStore extends InMemoryEventStore {
    appends = 0;
    appendManys = 0;
    override append(...args: Parameters<InMemoryEventStore['append']>) {
      this.appends += 1;
      return super.append(...args);
    }
    override appendMany(...args: Parameters<InMemoryEventStore['appendMany']>) {
      this.appendManys += 1;
      return super.appendMany(...args);
    }
  }

  it("writes every stream's batch with one appendMany; a stale fold is decided again on its stream", async () => {
    const store = new CountingStore({ context: 'customers', registry });
    let wakes = 0;
    const handler = new CommandHandler(store, ledgerDecider('l'), { wake: () => (wakes += 1) });
    await store.append('l-1', 0, [paid('l', 1)], meta);
    store.appends = 0;
    // The caller's fold of l-1 predates the deposit above (another writer): its commit is refused.
    const stale = { state: ledgerDecider('l').initialState, version: 0 };
    const handled = await handler.handleBatches([
      {
        stream: 'l-1',
        commands: [(f) => deposit(f.state.balance + 10)],
        metadata: meta,
        loaded: stale,
      },
      { stream: 'l-2', commands: [deposit(BIG), deposit(-1), deposit(3, '尾款')], metadata: meta },
      { stream: 'l-3', commands: [deposit(0)], metadata: meta },
    ]);
    expect(store.appendManys).toBe(1);
    expect(store.appends).toBe(1); // l-1 again, through handleBatch, after reloading
    expect(wakes).toBe(2);
    const amounts = async (stream: string) =>
      (await store.load(stream)).events.map((event) => event.data['amount']);
    expect(await amounts('l-1')).toEqual([1, 11]);
    expect(await amounts('l-2')).toEqual([BIG, 3]);
    expect(await amounts('l-3')).toEqual([]);
    expect(handled.map((one) => one.version)).toEqual([2, 2, 0]);
    expect(handled[1]!.outcomes[1]!.refused).toBeInstanceOf(LedgerRefused);
    expect(handled[1]!.outcomes[2]!.events?.map((event) => event.sequence)).toEqual([2]);
    expect(handled[2]!.outcomes[0]!.refused).toBeInstanceOf(LedgerRefused);
  });

  it('appends a batch whose idempotency key was used nothing again (a concurrent run of the same rows)', async () => {
    const store = new CountingStore({ context: 'customers', registry });
    const handler = new CommandHandler(store, ledgerDecider('l'));
    const keyed = { ...meta, idempotencyKey: 'batch-9' };
    await handler.handleBatch('l-1', [deposit(5), deposit(6)], keyed);
    const stale = { state: ledgerDecider('l').initialState, version: 0 };
    const [replay] = await handler.handleBatches([
      { stream: 'l-1', commands: [deposit(5), deposit(6)], metadata: keyed, loaded: stale },
    ]);
    expect(replay).toMatchObject({ replayed: true, version: 2 });
    expect((await store.load('l-1')).events).toHaveLength(2);
  });
});

describe('InMemoryEventStore', () => {
  const store = () => new InMemoryEventStore({ context: 'customers', registry });

  it('validates events against the catalogue like the real store', async () => {
    await expect(
      store().append(
        'l-1',
        0,
        [{ type: 'LedgerDeposited', data: { ledgerId: 'l-1', amount: 1.5, memo: '' } }],
        meta,
      ),
    ).rejects.toThrow('data does not match');
    await expect(store().append('l-1', 0, [{ type: 'Unknown', data: {} }], meta)).rejects.toThrow(
      'unknown event',
    );
  });

  it('refuses an append at any version but the current one, and an empty append', async () => {
    const events = store();
    await events.append('l-1', 0, [paid('l-1', 1)], meta);
    for (const version of [0, 2]) {
      await expect(events.append('l-1', version, [paid('l-1', 1)], meta)).rejects.toMatchObject({
        code: EventStoreErrorCode.StreamVersionConflict,
        details: { actualVersion: 1, expectedVersion: version },
      });
    }
    await expect(events.append('l-1', 1, [], meta)).rejects.toMatchObject({
      code: EventStoreErrorCode.EmptyAppend,
    });
  });

  it('keeps streams apart, with gap-free sequences, and hands out copies', async () => {
    const events = store();
    await events.append('l-1', 0, [paid('l-1', 1), paid('l-1', 2)], meta);
    await events.append('l-2', 0, [paid('l-2', 3)], meta);
    const loaded = await events.load('l-1');
    expect(loaded.events.map((event) => event.sequence)).toEqual([1, 2]);
    (loaded.events[0]!.data as { amount: number }).amount = 999;
    expect((await events.load('l-1')).events[0]!.data['amount']).toBe(1);
    expect(await events.currentVersion('l-2')).toBe(1);
  });
});

describe('CommandScenario', () => {
  it('fails a refusal that still appended something', async () => {
    const store = new InMemoryEventStore({ context: 'customers', registry });
    const partial = async () => {
      await store.append('l-1', 0, [paid('l-1', 1)], meta);
      throw new LedgerRefused('half done');
    };
    await expect(
      new CommandScenario(store).when(partial).thenRefused('LEDGER_AMOUNT_NOT_POSITIVE'),
    ).rejects.toThrow('a refused command appended events');
  });

  it('fails when other events were appended than expected', async () => {
    const store = new InMemoryEventStore({ context: 'customers', registry });
    await expect(
      new CommandScenario(store)
        .when(() => store.append('l-1', 0, [paid('l-1', 1)], meta))
        .thenAppended({ 'l-1': [paid('l-1', 2)] }),
    ).rejects.toThrow();
  });
});
