import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { APP_CONFIG, type RequestContext } from '@crm/platform';
import type { CustomersConfig } from '@apps/customers/src/customers.config';
import {
  RecordPurchaseHandler,
  type RecordPurchaseInput,
} from '../record-purchase/record-purchase.handler';
import type { FoldedCustomers } from '../customer-commands';
import { describeIssues, rowsOf, type ImportFormat } from './purchase-lines';

export interface ImportSummary {
  lines: number;
  recorded: number;
  duplicates: number;
  rejected: number;
}

export interface RejectedRow {
  readonly line: number;
  readonly reasons: readonly string[];
}

interface PendingRow {
  readonly line: number;
  readonly purchase: RecordPurchaseInput;
}

/** One customer's rows, recorded as one commit. */
interface CustomerRows {
  readonly customerId: string;
  readonly rows: readonly PendingRow[];
}

/**
 * D2 bulk import: rows are read one at a time (never the whole file), valid rows are recorded,
 * rejected rows are reported with their line and reasons. Valid rows are grouped by customer (up
 * to IMPORT_BUFFERED_LINES read ahead) and each customer's rows are recorded in file order as
 * batches of up to IMPORT_BATCH_LINES: one decision per row, one commit per batch. The batches of
 * up to IMPORT_CUSTOMERS_PER_WRITE customers are written together (one insert of their commits,
 * one of their audit entries: ADR 150), IMPORT_CONCURRENCY such writes at once; a customer's
 * batches go in rounds, one per round, so they stay in file order. Replaying a file records
 * nothing twice: every row goes through the purchase de-duplication of the customer's decider.
 */
@Injectable()
export class ImportPurchasesHandler {
  constructor(
    private readonly purchases: RecordPurchaseHandler,
    @Inject(APP_CONFIG) private readonly config: CustomersConfig,
  ) {}

  async execute(
    lines: AsyncIterable<string>,
    format: ImportFormat,
    rowSchema: z.ZodType<RecordPurchaseInput & { customerId: string }>,
    context: RequestContext,
    onRejected: (row: RejectedRow) => void,
  ): Promise<ImportSummary> {
    const summary: ImportSummary = { lines: 0, recorded: 0, duplicates: 0, rejected: 0 };
    const reject = (line: number, reasons: string[]) => {
      summary.rejected += 1;
      onRejected({ line, reasons });
    };
    const { IMPORT_CONCURRENCY, IMPORT_CUSTOMERS_PER_WRITE } = this.config;
    // Each customer's stream is loaded once per import (while it stays among the recent ones).
    const cache: FoldedCustomers = new Map();
    /** Rows of each customer not yet a full batch. */
    const pending = new Map<string, PendingRow[]>();
    /** Batches to record, in file order (a customer may have several). */
    const ready: CustomerRows[] = [];
    let buffered = 0;

    const write = async (batches: readonly CustomerRows[]): Promise<void> => {
      const results = await this.purchases.recordBatches(
        batches.map(({ customerId, rows }) => ({
          customerId,
          inputs: rows.map((row) => row.purchase),
        })),
        context,
        { cache, loadsInFlight: IMPORT_CONCURRENCY },
      );
      results.forEach((batch, index) => {
        const { rows } = batches[index]!;
        batch.forEach((result, row) => {
          if (result.refused !== undefined) reject(rows[row]!.line, [result.refused.message]);
          else if (result.recorded) summary.recorded += 1;
          else summary.duplicates += 1;
        });
      });
    };
    /**
     * Records every ready batch: in rounds holding at most one batch per customer (the earliest),
     * each round's writes IMPORT_CONCURRENCY at a time. The file is read on when all are stored.
     */
    const drain = async (): Promise<void> => {
      while (ready.length > 0) {
        const round: CustomerRows[] = [];
        const inRound = new Set<string>();
        for (let index = 0; index < ready.length;) {
          const batch = ready[index]!;
          if (inRound.has(batch.customerId)) index += 1;
          else {
            inRound.add(batch.customerId);
            round.push(batch);
            ready.splice(index, 1);
          }
        }
        const writes: CustomerRows[][] = [];
        for (let start = 0; start < round.length; start += IMPORT_CUSTOMERS_PER_WRITE) {
          writes.push(round.slice(start, start + IMPORT_CUSTOMERS_PER_WRITE));
        }
        let next = 0;
        const writer = async () => {
          while (next < writes.length) await write(writes[next++]!);
        };
        await Promise.all(
          Array.from({ length: Math.min(IMPORT_CONCURRENCY, writes.length) }, writer),
        );
        buffered -= round.reduce((rows, batch) => rows + batch.rows.length, 0);
        for (const oldest of cache.keys()) {
          if (cache.size <= this.config.IMPORT_CACHED_CUSTOMERS) break;
          cache.delete(oldest);
        }
      }
    };
    const readyAll = () => {
      for (const [customerId, rows] of pending) ready.push({ customerId, rows });
      pending.clear();
    };

    for await (const { line, row, unreadable } of rowsOf(lines, format)) {
      summary.lines += 1;
      if (unreadable !== undefined) {
        reject(line, [unreadable]);
        continue;
      }
      const parsed = rowSchema.safeParse(row);
      if (!parsed.success) {
        reject(line, describeIssues(parsed.error));
        continue;
      }
      const { customerId, ...purchase } = parsed.data;
      const rows = pending.get(customerId) ?? [];
      rows.push({ line, purchase });
      pending.set(customerId, rows);
      buffered += 1;
      if (rows.length >= this.config.IMPORT_BATCH_LINES) {
        pending.delete(customerId);
        ready.push({ customerId, rows });
        // Enough full batches to keep every write busy: record them now.
        if (ready.length >= IMPORT_CUSTOMERS_PER_WRITE * IMPORT_CONCURRENCY) await drain();
      }
      if (buffered >= this.config.IMPORT_BUFFERED_LINES) {
        readyAll();
        await drain();
      }
    }
    readyAll();
    await drain();
    return summary;
  }
}
