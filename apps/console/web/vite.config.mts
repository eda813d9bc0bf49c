import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The console's single-page app, built into dist/console-web and served by apps/console. */
export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: {
    // Type-only imports of `@crm/contracts` are erased by the build; the runtime tables the console
    // shares with the services (the D7 workflow, the D1, D4/D10 and D5 lists) are pure modules of the
    // contracts library.
    alias: {
      '@console': here('src'),
      '@crm/contracts/complaint-workflow': here(
        '../../../libs/contracts/src/complaint-workflow.ts',
      ),
      '@crm/contracts/visit-catalogue': here('../../../libs/contracts/src/visit-catalogue.ts'),
      '@crm/contracts/lifecycle-stages': here('../../../libs/contracts/src/lifecycle-stages.ts'),
      '@crm/contracts/customer-catalogue': here(
        '../../../libs/contracts/src/customer-catalogue.ts',
      ),
    },
  },
  build: {
    outDir: here('../../../dist/console-web'),
    emptyOutDir: true,
    // No source maps in production: the bundle is all there is to read.
    sourcemap: false,
    chunkSizeWarningLimit: 2500,
  },
  server: {
    // `npx vite --config apps/console/web/vite.config.mts` during development: the BFF behind it.
    proxy: Object.fromEntries(
      ['/api', '/session', '/admin/queues'].map((path) => [path, 'http://127.0.0.1:3000']),
    ),
  },
});
