import { Injectable } from '@nestjs/common';
import { decodeCursor, toPage, type Page } from '@crm/platform';
import {
  AuditLogStore,
  type AuditEntry,
} from '@apps/customers/src/customer/infrastructure/audit-log.store';

export interface ListAuditInput {
  readonly customerId?: string | undefined;
  readonly actorId?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit: number;
}

export type AuditItem = Omit<AuditEntry, '_id' | 'at'> & {
  readonly id: string;
  readonly at: string;
};

/** GET /audit (admin): who read or changed which customer, newest first. */
@Injectable()
export class ListAuditQuery {
  constructor(private readonly audit: AuditLogStore) {}

  async execute(input: ListAuditInput): Promise<Page<AuditItem>> {
    const filter = {
      ...(input.customerId ? { customerId: input.customerId } : {}),
      ...(input.actorId ? { actorId: input.actorId } : {}),
    };
    const rows = await this.audit.page(filter, decodeCursor(input.cursor), input.limit + 1);
    return toPage(
      rows,
      input.limit,
      (row) => row._id,
      ({ _id, at, ...entry }) => ({
        id: _id,
        at: at.toISOString(),
        ...entry,
      }),
    );
  }
}
