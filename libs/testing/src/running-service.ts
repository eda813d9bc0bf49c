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
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, stop: () => app.close() };
}
