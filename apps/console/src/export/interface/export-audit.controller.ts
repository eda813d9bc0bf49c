import { Inject, Body, Controller, HttpCode, Logger, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { CLOCK, type Clock, ZodPipe } from '@crm/platform';
import { auditExport } from '@apps/console/src/export/domain/export-audit';
import { ExportAuditStore } from '@apps/console/src/export/infrastructure/export-audit.store';
import { ConsoleError, ConsoleErrorCode } from '@apps/console/src/session/domain/session.errors';
import { isSignedIn } from '@apps/console/src/session/interface/console-session';

const exportReport = z
  .object({
    table: z
      .string()
      .regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'a table name such as abc.members')
      .max(100),
    call: z.string().min(1).max(2_000),
    rows: z.number().int().min(0).max(10_000_000),
  })
  .strict();

/**
 * The SPA reports every CSV export here before it offers the file: the console audits who
 * exported which table, read by which call, how many rows and when (no personal value), in its
 * log and in a capped Redis stream. The file itself is made in the browser from rows the session
 * already read; a refused audit means no file.
 */
@Controller('exports')
export class ExportAuditController {
  private readonly logger = new Logger('ExportAudit');

  constructor(
    private readonly store: ExportAuditStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(204)
  async record(
    @Req() request: Request,
    @Body(new ZodPipe(exportReport)) report: z.infer<typeof exportReport>,
  ): Promise<void> {
    if (!isSignedIn(request)) throw new ConsoleError(ConsoleErrorCode.NotSignedIn, 'no session');
    const decision = auditExport(report, request.session.user, this.clock.now());
    if (decision.outcome === 'not-a-console-call') {
      throw new ConsoleError(
        ConsoleErrorCode.ExportCallInvalid,
        `not a console read: ${report.call}`,
        {
          errors: [
            { field: 'call', message: 'must be a GET the console forwards (/api/<service>/…)' },
          ],
        },
      );
    }
    if (decision.outcome === 'forbidden') {
      throw new ConsoleError(
        ConsoleErrorCode.RoleNotAllowed,
        `GET ${decision.route.path} is for ${decision.route.roles.join(', ')}`,
      );
    }
    await this.store.append(decision.entry);
    this.logger.log({ msg: 'csv export', audit: 'csv-export', ...decision.entry });
  }
}
