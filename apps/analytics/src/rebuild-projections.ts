import { Command } from 'commander';

/**
 * Rebuilds analytics projections from the Kafka topics and swaps them in, through the running
 * service (its live consumers pause for the swap, so each read model keeps a single writer):
 *   npm run analytics:rebuild -- --token "$(npm run -s token -- --sub ops --roles admin)" [name...]
 */
const program = new Command()
  .name('analytics-rebuild')
  .description('rebuild analytics projections from Kafka into fresh collections and swap them in')
  .argument('[projections...]', 'projection names (all when none)')
  .option('--url <url>', 'the analytics service', 'http://127.0.0.1:3004')
  .requiredOption('--token <jwt>', 'a bearer token with the admin role')
  .action(async (projections: string[], options: { url: string; token: string }) => {
    const response = await fetch(`${options.url}/analytics/admin/projections/rebuild`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
      body: JSON.stringify(projections.length > 0 ? { projections } : {}),
    });
    process.stdout.write(`${await response.text()}\n`);
    if (!response.ok) process.exitCode = 1;
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
