import type { Redis } from 'ioredis';
import type { ExportAuditEntry } from '@apps/console/src/export/domain/export-audit';

export interface ExportAuditSettings {
  /** The Redis stream the entries are appended to. */
  readonly stream: string;
  /** About how many entries the stream keeps (older ones go; the log keeps them all). */
  readonly keep: number;
}

/** The console's export audit: a capped Redis stream (the console owns no database). */
export class ExportAuditStore {
  constructor(
    private readonly redis: Redis,
    private readonly settings: ExportAuditSettings,
  ) {}

  async append(entry: ExportAuditEntry): Promise<void> {
    await this.redis.xadd(
      this.settings.stream,
      'MAXLEN',
      '~',
      String(this.settings.keep),
      '*',
      'entry',
      JSON.stringify(entry),
    );
  }
}
