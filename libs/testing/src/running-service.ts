import type { DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createHttpApp, type BaseConfig } from '@crm/platform';

export interface RunningService {
  readonly app: NestExpressApplication;
  readonly url: string;
  stop(): Promise<void>;
}

/** Boots a service app in this process on a free port, exactly as its main.ts would. */
export async function startService(
  module: DynamicModule,
  config: BaseConfig,
  title: string,
): Promise<RunningService> {
  const app = await createHttpApp(module, config, title);
  await app.listen(config.PORT, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, stop: () => app.close() };
}

/** A service's root module, built from its validated configuration as its main.ts builds it. */
export interface ServiceAppModule<TConfig extends BaseConfig> {
  with(config: TConfig): DynamicModule;
}

/**
 * What starts one service in this process on a given environment, as its main.ts would: its
 * configuration loaded from that environment, its app module built with it, on a free port.
 */
export const serviceStarter =
  <TConfig extends BaseConfig>(
    loadConfig: (env: Record<string, string>) => TConfig,
    appModule: ServiceAppModule<TConfig>,
    title: string,
  ) =>
  (env: Record<string, string>): Promise<RunningService> => {
    const config = loadConfig(env);
    return startService(appModule.with(config), config, title);
  };

/**
 * A port that is free now, for a service whose address others must know before it starts (the
 * customers service's key API, ADR 90) and keep across its restarts.
 */
export async function reservePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
