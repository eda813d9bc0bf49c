#!/usr/bin/env node
// Prints the resilience summary table from the JSON files the suites wrote
// (test/resilience/system.ts recordMetrics, scripts/fuzz.sh), plus extra `name=value` rows.
// Exits 1 if a number that must be 0 is not, or a suite did not report.
//   node scripts/resilience-summary.mjs <report-dir> ["row name=value" ...]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir = '.cache/resilience', ...extra] = process.argv.slice(2);
const reports = existsSync(dir)
  ? Object.fromEntries(
      readdirSync(dir)
        .filter((file) => file.endsWith('.json'))
        .map((file) => {
          const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
          return [report.suite, report];
        }),
    )
  : {};

const rows = [];
const MUST_BE_ZERO = new Set([
  'events lost (store)',
  'events lost (kafka)',
  'duplicate events (store)',
  'duplicate effects (projections)',
  'missing effects (projections)',
  'commands hanging (> 15 s)',
  'commands answered other 5xx',
  '5xx on fuzzing',
]);
const failures = [];
for (const suite of ['faults', 'fuzz', 'poison', 'route-roles', 'security']) {
  const report = reports[suite];
  if (!report) {
    rows.push([suite, 'NOT RUN']);
    failures.push(`${suite} NOT RUN`);
    continue;
  }
  for (const [name, value] of Object.entries(report)) {
    if (name === 'suite' || name === 'at') continue;
    const bad = MUST_BE_ZERO.has(name) && value !== 0;
    if (bad || (name === 'BullMQ job scheduled before Redis restart ran' && value !== 'yes'))
      failures.push(`${name} = ${value}`);
    rows.push([name, `${value}${bad ? '   <-- must be 0' : ''}`]);
  }
}
for (const entry of extra) {
  const at = entry.indexOf('=');
  rows.push([entry.slice(0, at), entry.slice(at + 1)]);
}
const width = Math.max(...rows.map(([name]) => name.length));
const line = `+${'-'.repeat(width + 2)}+${'-'.repeat(102)}+`;
console.log('\nResilience summary');
console.log(line);
for (const [name, value] of rows)
  console.log(`| ${name.padEnd(width)} | ${String(value).slice(0, 200).padEnd(100)} |`);
console.log(line);
// What failed on the last line, where a truncated CI log keeps it.
console.log(
  failures.length > 0
    ? `resilience: FAILED: ${failures.join('; ')}`
    : 'resilience: all checks held',
);
process.exit(failures.length > 0 ? 1 : 0);
