import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Db } from 'mongodb';
import type { Connection } from 'mongoose';

/**
 * The database a process talks to. MongoDB serves `$in` from an index; FerretDB 1.24 (the
 * embedded stack) reads the whole collection for it and serves only equalities (ADR 62).
 */
export type DatabaseEngine = 'mongodb' | 'ferretdb';

/** Until the engine is known, reads are planned for FerretDB: right, if slower, on MongoDB too. */
let engine: DatabaseEngine = 'ferretdb';

/** The engine this process's database was found to be (FerretDB until detected). */
export const databaseEngine = (): DatabaseEngine => engine;

/** Asks the server what it is (FerretDB names its own version in `buildInfo`) and remembers it. */
export async function detectDatabaseEngine(db: Db): Promise<DatabaseEngine> {
  const info = await db.admin().command({ buildInfo: 1 });
  engine = 'ferretdbVersion' in info ? 'ferretdb' : 'mongodb';
  return engine;
}

/** Detects the engine once the service's connection is up. */
@Injectable()
export class DatabaseEngineProbe implements OnApplicationBootstrap {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async onApplicationBootstrap(): Promise<void> {
    await detectDatabaseEngine(this.connection.db!);
  }
}
