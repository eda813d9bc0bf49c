import 'reflect-metadata';
import { ConfigError } from '@crm/platform';
import { importPurchases } from './customer/interface/import-purchases.cli';
import { loadCustomersConfig } from './customers.config';

/** Rejected rows go to stderr as NDJSON (`{"line":n,"reasons":[…]}`), the summary to stdout. */
async function main(): Promise<void> {
  const [file, formatFlag] = process.argv.slice(2);
  if (!file) {
    process.stderr.write(
      'usage: npm run import:purchases -- <file.ndjson|file.csv> [--csv|--ndjson]\n',
    );
    process.exit(2);
  }
  const format = formatFlag === '--csv' ? 'csv' : formatFlag === '--ndjson' ? 'ndjson' : undefined;
  const summary = await importPurchases({
    config: loadCustomersConfig(),
    file,
    ...(format ? { format } : {}),
    onRejected: (row) => process.stderr.write(`${JSON.stringify(row)}\n`),
  });
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
