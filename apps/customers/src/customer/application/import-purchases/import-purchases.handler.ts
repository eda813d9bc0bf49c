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

/**
 * D2 bulk import: rows are read one at a time (never the whole file), valid rows are recorded,
 * rejected rows are reported with their reasons. Rows of one customer are recorded in file
 * order; different customers in parallel up to IMPORT_CONCURRENCY. Replaying a file records
 * nothing twice: every row goes through the purchase de-duplication.
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
      const previous = lastOfCustomer.get(customerId) ?? Promise.resolve();
      const task: Promise<void> = previous.then(async () => {
        try {
          const result = await this.purchases.record(customerId, purchase, context, cache);
          if (result.recorded) summary.recorded += 1;
          else summary.duplicates += 1;
        } catch (error) {
          if (!(error instanceof CustomerError)) throw error;
          reject(line, [error.message]);
        }
      });
      lastOfCustomer.set(customerId, task);
      while (cache.size > this.config.IMPORT_CACHED_CUSTOMERS) {
        const oldest = cache.keys().next().value;
        if (oldest === undefined || lastOfCustomer.has(oldest)) break;
        cache.delete(oldest);
      }
      inFlight.add(task);
      void task
        .finally(() => {
          inFlight.delete(task);
          if (lastOfCustomer.get(customerId) === task) lastOfCustomer.delete(customerId);
        })
        .catch(() => undefined);
      // Back-pressure: the file is read no faster than rows are recorded.
      if (inFlight.size >= this.config.IMPORT_CONCURRENCY) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    return summary;
  }
}
