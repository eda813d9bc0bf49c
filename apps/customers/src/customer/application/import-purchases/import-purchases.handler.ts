import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { APP_CONFIG, type RequestContext } from '@crm/platform';
import { CustomerError } from '@apps/customers/src/customer/domain/customer.errors';
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

/**
 * D2 bulk import: rows are read one at a time (never the whole file), valid rows are recorded,
 * rejected rows are reported with their line and reasons. Valid rows are grouped by customer (up
 * to IMPORT_BUFFERED_LINES read ahead) and each customer's rows are recorded in file order as
 * batches of up to IMPORT_BATCH_LINES: one decision per row, one commit per batch. Different
 * customers go in parallel up to IMPORT_CONCURRENCY. Replaying a file records nothing twice:
 * every row goes through the purchase de-duplication of the customer's decider.
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
    const inFlight = new Set<Promise<void>>();
    // Each customer's stream is loaded once per import (while it stays among the recent ones).
    const cache: FoldedCustomers = new Map();
    const lastOfCustomer = new Map<string, Promise<void>>();
    const pending = new Map<string, PendingRow[]>();
    let buffered = 0;

    const record = async (customerId: string, rows: readonly PendingRow[]): Promise<void> => {
      try {
        const results = await this.purchases.recordBatch(
          customerId,
          rows.map((row) => row.purchase),
          context,
          cache,
        );
        results.forEach((result, index) => {
          if (result.refused !== undefined) reject(rows[index]!.line, [result.refused.message]);
          else if (result.recorded) summary.recorded += 1;
          else summary.duplicates += 1;
        });
      } catch (error) {
        if (!(error instanceof CustomerError)) throw error;
        for (const row of rows) reject(row.line, [error.message]);
      }
    };
    /** Records one customer's rows after its earlier batches (file order within a customer). */
    const dispatch = async (customerId: string): Promise<void> => {
      const rows = pending.get(customerId);
      if (!rows) return;
      pending.delete(customerId);
      buffered -= rows.length;
      const previous = lastOfCustomer.get(customerId) ?? Promise.resolve();
      const task = previous.then(() => record(customerId, rows));
      lastOfCustomer.set(customerId, task);
      inFlight.add(task);
      void task
        .finally(() => {
          inFlight.delete(task);
          if (lastOfCustomer.get(customerId) === task) lastOfCustomer.delete(customerId);
        })
        .catch(() => undefined);
      while (cache.size > this.config.IMPORT_CACHED_CUSTOMERS) {
        const oldest = cache.keys().next().value;
        if (oldest === undefined || lastOfCustomer.has(oldest)) break;
        cache.delete(oldest);
      }
      // Back-pressure: the file is read no faster than batches are recorded.
      if (inFlight.size >= this.config.IMPORT_CONCURRENCY) await Promise.race(inFlight);
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
      if (rows.length >= this.config.IMPORT_BATCH_LINES) await dispatch(customerId);
      if (buffered >= this.config.IMPORT_BUFFERED_LINES) {
        for (const customerId of [...pending.keys()]) await dispatch(customerId);
      }
    }
    for (const customerId of [...pending.keys()]) await dispatch(customerId);
    await Promise.all(inFlight);
    return summary;
  }
}
