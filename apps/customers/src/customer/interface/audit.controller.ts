import { Get } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { z } from 'zod';
import { ApiAnswerOf, ApiPageQuery, Roles, ZodQuery, ApiController } from '@crm/platform';
import { ListAuditQuery } from '../application/list-audit/list-audit.query';
import { listAuditRequest } from './customers.requests';
import { auditPage } from './customers.responses';

/** The audit log of reads and changes of customer intelligence (D1): for admins only. */
@ApiController('audit')
export class AuditController {
  constructor(private readonly audit: ListAuditQuery) {}

  @Get()
  @Roles('admin')
  @ApiQuery({ name: 'customerId', required: false })
  @ApiQuery({ name: 'actorId', required: false })
  @ApiPageQuery()
  @ApiAnswerOf(auditPage)
  list(
    @ZodQuery(listAuditRequest) query: z.infer<typeof listAuditRequest>,
  ): Promise<z.infer<typeof auditPage>> {
    return this.audit.execute(query);
  }
}
