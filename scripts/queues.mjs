// `npm run queues -- [--prefix crm] [--retry-failed] [queue ...]`: the job queues at a glance.
// Counts by state for each BullMQ queue (default: every queue found under the prefix), the latest
// failures with their reason, and optionally puts failed jobs back to run again.
// Reads REDIS_URL (default redis://127.0.0.1:6379).
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    prefix: { type: 'string', default: 'crm' },
    'retry-failed': { type: 'boolean', default: false },
    failures: { type: 'string', default: '5' },
  },
});
const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 2 });

async function queueNames(prefix) {
  const names = new Set();
  let cursor = '0';
  do {
    const [next, keys] = await connection.scan(cursor, 'MATCH', `${prefix}:*:meta`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) names.add(key.slice(prefix.length + 1, -':meta'.length));
  } while (cursor !== '0');
  return [...names].sort();
}

const names = positionals.length > 0 ? positionals : await queueNames(values.prefix);
if (names.length === 0) console.log(`no queues under the prefix "${values.prefix}"`);
for (const name of names) {
  const queue = new Queue(name, { connection, prefix: values.prefix });
  const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed', 'paused');
  console.log(`${values.prefix}:${name}  ${Object.entries(counts).map(([state, n]) => `${state}=${n}`).join('  ')}`);
  for (const job of await queue.getFailed(0, Number(values.failures) - 1)) {
    console.log(`  failed ${job.name} ${job.id} after ${job.attemptsMade} attempts: ${job.failedReason}`);
  }
  if (values['retry-failed'] && counts.failed > 0) {
    await queue.retryJobs({ state: 'failed' });
    console.log(`  ${counts.failed} failed job(s) put back to run`);
  }
  await queue.close();
}
connection.disconnect();
