import { Injectable } from '@nestjs/common';
import type { Page } from '@crm/platform';
import { listPage, type PageRequest } from '@crm/projections';
import {
  AuditLogStore,
  type AuditEntry,
} from '@apps/customers/src/customer/infrastructure/audit-log.store';

export interface ListAuditInput extends PageRequest {
  readonly customerId?: string | undefined;
  readonly actorId?: string | undefined;
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
    return listPage(
      input,
      (page) => this.audit.page(filter, page.after, page.limit),
      ({ _id, at, ...entry }) => ({
        id: _id,
        at: at.toISOString(),
        ...entry,
      }),
    );
  }
}
