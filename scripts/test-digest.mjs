#!/usr/bin/env node
// The last lines of `npm test`, where a truncated CI log keeps them: each failed test with the
// first lines of its message, the fault run's diagnosis when it failed, and
// "tests: N passed, N failed".
//   node scripts/test-digest.mjs <jest --json output> [fault-run log, when the fault run failed]
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { stripVTControlCharacters as plain } from 'node:util';

const [resultsFile, faultLog] = process.argv.slice(2);
const firstLines = (text, count) =>
  plain(text)
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(0, count)
    .map((line) => `      ${line.trim().slice(0, 240)}`);

if (faultLog && existsSync(faultLog)) {
  // The fault run's own diagnosis (system.faults.spec.ts) and jest's failure headings.
  const diagnosis =
    /^(\s*●|5xx answers|\d+ × |360 views missing|\s+[0-9a-f-]{36}: record|\w+: .*\/health\/ready|\s+\w+ log: )/;
  const lines = readFileSync(faultLog, 'utf8')
    .split('\n')
    .map(plain)
    .filter((line) => diagnosis.test(line));
  console.log(`\nthe fault run failed; its diagnosis (${faultLog}):`);
  for (const line of lines.slice(0, 40)) console.log(`  ${line.slice(0, 300)}`);
}

let results;
try {
  results = JSON.parse(readFileSync(resultsFile, 'utf8'));
} catch {
  console.log('tests: no results (jest did not finish)');
  process.exit(0);
}
const failed = results.testResults.flatMap((suite) => {
  const file = relative(process.cwd(), suite.name);
  const tests = suite.assertionResults
    .filter((test) => test.status === 'failed')
    .map((test) => [
      `  ${file} › ${test.fullName}`,
      ...firstLines(test.failureMessages.join('\n'), 3),
    ]);
  // A suite that failed outside its tests (a beforeAll, a compile error) says so in its message.
  if (tests.length === 0 && suite.status === 'failed')
    return [[`  ${file}`, ...firstLines(suite.message ?? '', 4)]];
  return tests;
});
if (failed.length > 0) {
  console.log('\nfailed tests:');
  for (const lines of failed.slice(0, 20)) console.log(lines.join('\n'));
}
console.log(
  `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed` +
    (results.numPendingTests ? `, ${results.numPendingTests} skipped` : ''),
);
