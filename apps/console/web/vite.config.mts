import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The console's single-page app, built into dist/console-web and served by apps/console. */
export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: {
    // `@crm/contracts`: the tables the console shares with the services (the D7 workflow, enums).
    alias: {
      '@console': here('src'),
      '@crm/contracts': here('../../../libs/contracts/src/index.ts'),
    },
  },
  build: {
    outDir: here('../../../dist/console-web'),
    emptyOutDir: true,
    // No source maps in production: the bundle is all there is to read.
    sourcemap: false,
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      // zod (through @crm/contracts) carries `@__PURE__` comments rollup cannot place; harmless.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/zod/')) return;
        warn(warning);
      },
    },
  },
  server: {
    // `npx vite --config apps/console/web/vite.config.mts` during development: the BFF behind it.
    proxy: Object.fromEntries(
      ['/api', '/session', '/admin/queues'].map((path) => [path, 'http://127.0.0.1:3000']),
    ),
  },
});
