/**
 * patches/kafkajs+2.2.4.patch (ADR 145): after every answer, kafkajs' request queue scheduled a
 * check of its pending requests even when none was pending and nothing was throttled, with a
 * negative delay (1 ms); the check scheduled the next one. Every Kafka connection of an idle
 * service so ran a timer a thousand times a second, for good: most of the services' idle CPU.
 * The first test fails on the unpatched client; the others hold what the check is for.
 *
 * No broker here: the queue is driven as a connection drives it (push a request, answer it).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: {
  maxInFlightRequests: number | null;
  requestTimeout: number;
  enforceRequestTimeout: boolean;
  clientId: string;
  broker: string;
  logger: Record<'debug' | 'info' | 'warn' | 'error', () => void>;
}) => {
  push(request: {
    entry: { correlationId: number; resolve: () => void; reject: () => void };
    expectResponse: boolean;
    sendRequest: () => void;
  }): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
  maybeThrottle(milliseconds: number): void;
  destroy(): void;
};

describe('kafkajs request queue between requests (patched)', () => {
  const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  const queueOf = (maxInFlightRequests: number | null = null) =>
    new RequestQueue({
      maxInFlightRequests,
      requestTimeout: 30_000,
      enforceRequestTimeout: false,
      clientId: 'test',
      broker: 'test:9092',
      logger: silent,
    });
  const sent: number[] = [];
  const request = (correlationId: number) => ({
    entry: { correlationId, resolve: () => {}, reject: () => {} },
    expectResponse: true,
    sendRequest: () => sent.push(correlationId),
  });
  const answer = (correlationId: number) => ({ correlationId, payload: Buffer.alloc(0), size: 0 });

  beforeEach(() => {
    sent.length = 0;
    jest.useFakeTimers();
  });
  afterEach(() => jest.useRealTimers());

  it('leaves no timer behind once every request is answered', () => {
    const queue = queueOf();
    queue.push(request(1));
    queue.fulfillRequest(answer(1));
    expect(jest.getTimerCount()).toBe(0);
    queue.destroy();
  });

  it('still sends a request that waited for a free in-flight slot when the slot frees', () => {
    const queue = queueOf(1);
    queue.push(request(1));
    queue.push(request(2));
    expect(sent).toEqual([1]);
    queue.fulfillRequest(answer(1));
    expect(sent).toEqual([1, 2]);
    queue.destroy();
  });

  it('still sends a request held by a client-side throttle once the throttle ends', () => {
    const queue = queueOf();
    queue.maybeThrottle(500);
    queue.push(request(1));
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(600);
    expect(sent).toEqual([1]);
    queue.destroy();
  });
});
