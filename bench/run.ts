import { join } from 'node:path';
import { Command } from 'commander';
import { openContext, type BenchContext } from './context';
import { abcRecompute } from './scenarios/abc-recompute';
import { bullmqJobs } from './scenarios/bullmq-jobs';
import { bulkImport } from './scenarios/bulk-import';
import { endToEnd } from './scenarios/end-to-end';
import { eventStoreAppend } from './scenarios/event-store-append';
import { idle } from './scenarios/idle';
import { outboxRelay } from './scenarios/outbox-relay';
import { projectionRebuild } from './scenarios/projection-rebuild';
import { readsAtScale } from './scenarios/reads-at-scale';
import { writeResults, type Measurement } from './support';

const scenarios: Record<string, (context: BenchContext) => Promise<Measurement[]>> = {
  append: eventStoreAppend,
  relay: outboxRelay,
  e2e: endToEnd,
  abc: abcRecompute,
  bullmq: bullmqJobs,
  rebuild: projectionRebuild,
  idle,
  import: bulkImport,
  reads: readsAtScale,
};

async function main(): Promise<void> {
  const options = new Command()
    .name('bench')
    .description('Measures the system against raw baselines of its own infrastructure, in one run')
    .option('--quick', 'small sizes and short runs (under 3 minutes)', false)
    .option('--only <names>', `comma-separated subset of: ${Object.keys(scenarios).join(', ')}`)
    .option(
      '--results <directory>',
      'where the results are written',
      join(__dirname, '..', '..', 'bench', 'results'),
    )
    .parse()
    .opts<{ quick: boolean; only?: string; results: string }>();
  const selected = options.only
    ? options.only.split(',').map((name) => name.trim())
    : Object.keys(scenarios);
  const unknown = selected.filter((name) => !(name in scenarios));
  if (unknown.length > 0) throw new Error(`unknown scenario(s): ${unknown.join(', ')}`);

  const context = await openContext(options.quick);
  const started = performance.now();
  const measurements: Measurement[] = [];
  try {
    for (const name of selected) {
      context.log(`scenario ${name}`);
      measurements.push(...(await scenarios[name]!(context)));
    }
  } finally {
    await context.mongo.close();
  }
  const table = writeResults(
    measurements,
    { mode: options.quick ? 'quick' : 'full', ...(options.only ? { only: selected } : {}) },
    (performance.now() - started) / 1000,
    options.results,
  );
  process.stdout.write(`${table}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
