import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pino from 'pino';
import { ConfigError, exitGracefullyOnSignals, ShutdownState } from '@crm/platform';
import { ConsoleAppModule } from './console-app.module';
import { loadConsoleConfig, type ConsoleConfig } from './console.config';
import { configureConsoleApp } from './console-http';

async function main(): Promise<void> {
  let config: ConsoleConfig;
  try {
    config = loadConsoleConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  try {
    const app = await NestFactory.create<NestExpressApplication>(ConsoleAppModule.with(config), {
      bufferLogs: true,
      bodyParser: false,
    });
    configureConsoleApp(app, config);
    exitGracefullyOnSignals(app, app.get(ShutdownState), config);
    await app.listen(config.PORT, config.HOST);
    new NestLogger('Bootstrap').log(`console listening on ${await app.getUrl()}`);
  } catch (error) {
    pino({ base: { service: config.SERVICE_NAME } }).fatal({ err: error }, 'startup failed');
    process.exit(1);
  }
}

void main();
