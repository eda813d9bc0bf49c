#!/usr/bin/env node
// Rebuilds a service's projections from the Kafka topics and swaps them in, through the running
// service (its live consumers pause for the swap, so each read model keeps a single writer):
//   npm run rebuild -- customers --token "$(npm run -s token -- --sub ops --roles admin)" [name...]
import { Command, Argument } from 'commander';

/** Where `npm start` runs each service. */
const LOCAL_URLS = {
  customers: 'http://127.0.0.1:3001',
  visits: 'http://127.0.0.1:3002',
  complaints: 'http://127.0.0.1:3003',
  analytics: 'http://127.0.0.1:3004',
};

await new Command()
  .name('rebuild')
  .description('rebuild a service’s projections from Kafka into fresh collections and swap them in')
  .addArgument(new Argument('<service>', 'the service').choices(Object.keys(LOCAL_URLS)))
  .argument('[projections...]', 'projection names (all of the service’s when none)')
  .option('--url <url>', 'the service (default: where `npm start` runs it)')
  .requiredOption('--token <jwt>', 'a bearer token with the admin role')
  .action(async (service, projections, options) => {
    const url = options.url ?? LOCAL_URLS[service];
    const response = await fetch(`${url}/${service}/admin/projections/rebuild`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
      body: JSON.stringify(projections.length > 0 ? { projections } : {}),
    });
    process.stdout.write(`${await response.text()}\n`);
    if (!response.ok) process.exitCode = 1;
  })
  .parseAsync()
  .catch((error) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
