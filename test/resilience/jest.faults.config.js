/**
 * `npm run test:faults` (scripts/faults.sh) only: the fault-injection run restarts Kafka, Redis and
 * the database, so it has its own config and never runs with `npx jest` on the shared stack.
 */
const base = require('../../jest.config.js');
const e2e = base.projects.find((project) => project.displayName === 'e2e');

module.exports = {
  ...e2e,
  rootDir: '../..',
  displayName: 'faults',
  testMatch: ['<rootDir>/test/**/*.faults.spec.ts'],
  testTimeout: 600_000,
  // kafkajs and BullMQ clients of the run may linger for a moment after it.
  forceExit: true,
};
