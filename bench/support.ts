import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/** One figure of a scenario: ours beside the raw baseline measured in the same run. */
export interface Measurement {
  readonly scenario: string;
  readonly case: string;
  readonly unit: string;
  readonly ours: number;
  readonly baseline: number | null;
  /** ours ÷ baseline for throughputs, baseline ÷ ours for latencies and durations: 1 = as fast as raw. */
  readonly ratio: number | null;
  readonly extra?: Record<string, number | string>;
}

export type Direction = 'higher_is_better' | 'lower_is_better';

export function measure(
  scenario: string,
  label: string,
  unit: string,
  ours: number,
  baseline: number | null,
  direction: Direction,
  extra?: Record<string, number | string>,
): Measurement {
  const ratio =
    baseline === null || ours === 0 || baseline === 0
      ? null
      : direction === 'higher_is_better'
        ? ours / baseline
        : baseline / ours;
  return { scenario, case: label, unit, ours, baseline, ratio, ...(extra ? { extra } : {}) };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export const summarize = (latencies: number[]) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
};

/** Runs `count` tasks with at most `concurrency` in flight; returns each task's latency in ms. */
export async function runConcurrently(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let index = next++; index < count; index = next++) {
        const begin = performance.now();
        await task(index);
        latencies.push(performance.now() - begin);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, latencies };
}

const round = (value: number | null, digits = 2) =>
  value === null || Number.isNaN(value)
    ? '—'
    : value.toLocaleString('en-US', { maximumFractionDigits: digits });

export function markdownTable(measurements: readonly Measurement[]): string {
  const rows = measurements.map(
    (m) =>
      `| ${m.scenario} | ${m.case} | ${round(m.ours)} | ${round(m.baseline)} | ${m.unit} | ${round(m.ratio)} |`,
  );
  return [
    '| scenario | case | ours | raw baseline | unit | ratio |',
    '|---|---|---:|---:|---|---:|',
    ...rows,
  ].join('\n');
}

/**
 * Writes `<timestamp>.json` and `.md` and `latest.md` (the last run, whatever it ran): the header
 * names the mode and, for a subset (`--only`), the scenarios it ran.
 */
export function writeResults(
  measurements: readonly Measurement[],
  run: { readonly mode: string; readonly only?: readonly string[] },
  seconds: number,
  directory: string,
): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync(directory, { recursive: true });
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const meta = {
    date: new Date().toISOString(),
    mode: run.mode,
    ...(run.only ? { only: run.only } : {}),
    seconds: Math.round(seconds),
    machine,
  };
  const ran = run.only ? `${run.mode}, only ${run.only.join(', ')}` : run.mode;
  writeFileSync(
    join(directory, `${stamp}.json`),
    JSON.stringify({ ...meta, measurements }, null, 2),
  );
  const table = `# Benchmark ${meta.date} (${ran}, ${meta.seconds} s)\n\nMachine: ${machine}\n\n${markdownTable(measurements)}\n`;
  writeFileSync(join(directory, `${stamp}.md`), table);
  writeFileSync(join(directory, 'latest.md'), table);
  return table;
}
