import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { z } from 'zod';
import { PlatformModule } from '@crm/platform';
import type { CustomersConfig } from '@apps/customers/src/customers.config';
import {
  ImportPurchasesHandler,
  type ImportSummary,
  type RejectedRow,
} from '../application/import-purchases/import-purchases.handler';
import type { ImportFormat } from '../application/import-purchases/purchase-lines';
import { CustomerCommandsModule } from '../customer.module';
import { customerErrorMapping } from './customer.error-mapping';
import { purchaseFields } from './customers.requests';

/** A row of the import file: the purchase fields of POST /customers/:id/purchases plus the customer. */
export const purchaseImportRow = z.object({ customerId: z.uuid(), ...purchaseFields }).strict();

@Module({})
class PurchaseImportModule {
  static with(config: CustomersConfig): DynamicModule {
    return {
      module: PurchaseImportModule,
      imports: [
        PlatformModule.forRoot({ config, errorMappings: [customerErrorMapping] }),
        CustomerCommandsModule,
      ],
      providers: [ImportPurchasesHandler],
    };
  }
}

export interface ImportOptions {
  readonly config: CustomersConfig;
  readonly file: string;
  readonly format?: ImportFormat;
  readonly onRejected: (row: RejectedRow) => void;
}

/**
 * `npm run import:purchases -- <file.ndjson|file.csv>`: records the purchases of an ERP export
 * through the same command path as the HTTP API (de-duplication, points, audit), as the actor
 * `system:purchase-import`. Its own outbox relay publishes what it appended before it exits.
 */
export async function importPurchases(options: ImportOptions): Promise<ImportSummary> {
  const app = await NestFactory.createApplicationContext(
    PurchaseImportModule.with(options.config),
    {
      logger: false,
    },
  );
  await app.init();
  try {
    const format =
      options.format ?? (options.file.toLowerCase().endsWith('.csv') ? 'csv' : 'ndjson');
    const lines = createInterface({
      input: createReadStream(options.file, 'utf8'),
      crlfDelay: Infinity,
    });
    const runId = `import-${Date.now()}`;
    return await app
      .get(ImportPurchasesHandler)
      .execute(
        lines,
        format,
        purchaseImportRow,
        { principal: { userId: 'system:purchase-import', roles: ['admin'] }, correlationId: runId },
        options.onRejected,
      );
  } finally {
    await app.close();
  }
}
