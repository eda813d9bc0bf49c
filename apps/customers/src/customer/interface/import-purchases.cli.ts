import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { z } from 'zod';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { eventRegistry } from '@crm/contracts';
import { MongoEventStore } from '@crm/event-store';
import { EVENT_STORE, OUTBOX_RELAY, PlatformModule, systemContext } from '@crm/platform';
import type { CustomersConfig } from '@apps/customers/src/customers.config';
import {
  ImportPurchasesHandler,
  type ImportSummary,
  type RejectedRow,
} from '../application/import-purchases/import-purchases.handler';
import type { ImportFormat } from '../application/import-purchases/purchase-lines';
import { CustomerCommands, customerHandlerProvider } from '../application/customer-commands';
import { RecordPurchaseHandler } from '../application/record-purchase/record-purchase.handler';
import { AuditLogStore } from '../infrastructure/audit-log.store';
import { CustomerDataCodec } from '../infrastructure/customer-data.codec';
import { customerErrorMapping } from './customer.error-mapping';
import { purchaseFields, reversePurchaseRequest } from './customers.requests';

/** A CSV file leaves a column empty where a row has no value. */
const optionalColumn = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/**
 * A row of the import file: the purchase fields of POST /customers/:id/purchases plus the customer;
 * a refund row names the order it refunds (`refundOf`, same source system) and may say why.
 */
export const purchaseImportRow = z
  .object({
    customerId: z.uuid(),
    ...purchaseFields,
    refundOf: optionalColumn(purchaseFields.orderReference),
    reason: optionalColumn(reversePurchaseRequest.shape.reason),
  })
  .strict()
  .refine((row) => row.reason === undefined || row.refundOf !== undefined, {
    path: ['reason'],
    message: 'only on a refund row (with refundOf)',
  });

@Module({})
class PurchaseImportModule {
  static with(config: CustomersConfig): DynamicModule {
    return {
      module: PurchaseImportModule,
      imports: [PlatformModule.forRoot({ config, errorMappings: [customerErrorMapping] })],
      providers: [
        {
          provide: EVENT_STORE,
          useFactory: (connection: Connection) =>
            new MongoEventStore(connection.db!, {
              context: 'customers',
              registry: eventRegistry,
              newId: uuidv7,
              codec: new CustomerDataCodec(connection),
            }),
          inject: [getConnectionToken()],
        },
        // The import only appends; the running service's outbox relay publishes what it appended.
        { provide: OUTBOX_RELAY, useValue: { nudge: () => undefined } },
        customerHandlerProvider,
        CustomerCommands,
        AuditLogStore,
        RecordPurchaseHandler,
        ImportPurchasesHandler,
      ],
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
 * `system:purchase-import`. It only appends: the customers service's outbox relay, which polls
 * the same database, publishes the events.
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
    // eslint-disable-next-line no-restricted-syntax -- a unique run name, not a business time
    const runId = `import-${Date.now()}`;
    return await app
      .get(ImportPurchasesHandler)
      .execute(
        lines,
        format,
        purchaseImportRow,
        systemContext('system:purchase-import', runId),
        options.onRejected,
      );
  } finally {
    await app.close();
  }
}
