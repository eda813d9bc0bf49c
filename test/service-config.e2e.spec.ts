import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');

describe('a service with bad configuration', () => {
  it.each(['customers', 'visits', 'complaints', 'analytics'])(
    '%s stops at start-up with a message naming each bad variable',
    (service) => {
      const result = spawnSync('node', [join(root, `dist/apps/${service}/src/main.js`)], {
        cwd: root,
        encoding: 'utf8',
        timeout: 20_000,
        env: {
          PATH: process.env['PATH'],
          MONGODB_URI: 'http://not-mongo',
          REDIS_URL: 'redis://127.0.0.1:1',
          JWT_SECRET: 'short',
        },
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('invalid configuration');
      expect(result.stderr).toMatch(/KAFKA_BROKERS: /);
      expect(result.stderr).toMatch(/MONGODB_URI: must be a mongodb:\/\/ URI/);
      expect(result.stderr).toMatch(/JWT_SECRET: must be at least 16 characters/);
    },
  );
});
