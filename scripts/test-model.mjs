#!/usr/bin/env node
// `npm run test:model [-- --runs 200 --seed 42 [--path P]]`: the reference-model suite
// (test/model) with more generated histories than CI runs, or one failing case replayed.
// It needs the stack: KAFKA_BROKERS, MONGODB_URI and REDIS_URL set (eval "$(bash scripts/stack.sh up)").
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '25' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    path: { type: 'string' },
    trace: { type: 'boolean', default: false },
  },
});
for (const name of ['runs', 'seed']) {
  if (!/^\d+$/.test(values[name])) {
    console.error(`--${name} must be a whole number, got "${values[name]}"`);
    process.exit(2);
  }
}
for (const name of ['KAFKA_BROKERS', 'MONGODB_URI', 'REDIS_URL']) {
  if (!process.env[name]) {
    console.error(`${name} is not set: start the stack first (eval "$(bash scripts/stack.sh up)")`);
    process.exit(2);
  }
}
console.log(
  `[model] ${values.runs} histories, seed ${values.seed}${values.path ? `, path ${values.path}` : ''}`,
);
const result = spawnSync(
  'npx',
  ['jest', '--selectProjects', 'e2e', '--maxWorkers=1', '--forceExit', 'test/model/'],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      MODEL_RUNS: values.runs,
      // A run cut short by the time limit fails: give a long run a minute a case (a case takes
      // about 15 s on a quiet stack), never less than the suite's own 20 minutes.
      MODEL_TIME_LIMIT_MS:
        process.env.MODEL_TIME_LIMIT_MS ??
        String(Math.max(1_200_000, Number(values.runs) * 60_000)),
      MODEL_SEED: values.seed,
      ...(values.path ? { MODEL_PATH: values.path } : {}),
      ...(values.trace ? { MODEL_TRACE: '1' } : {}),
    },
  },
);
process.exit(result.status ?? 1);
