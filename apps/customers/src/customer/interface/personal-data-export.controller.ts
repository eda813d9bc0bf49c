import { Controller, Get, Header, Inject } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import {
  CLOCK,
  type Clock,
  ApiAnswerOf,
  APP_CONFIG,
  auditPersonalDataRead,
  Ctx,
  DataKeyRing,
  PersonalDataExport,
  personalDataOfService,
  problem,
  Roles,
  type PersonalDataOfService,
  type RequestContext,
  ZodParam,
} from '@crm/platform';
import type { CustomersConfig } from '@apps/customers/src/customers.config';
import { customerIdParam } from './customers.requests';

const personalDataExportDocument = z.object({
  customerId: z.string(),
  exportedAt: z.string(),
  services: z
    .array(personalDataOfService)
    .readonly()
    .describe("each service's part: what it holds, opened with its own key"),
});

/**
 * The access export (ADR 90): every personal datum the system holds about a customer, from every
 * service, in one JSON file. For admins and data-protection officers; audited here and in each
 * service asked.
 */
@Controller('customers')
export class PersonalDataExportController {
  constructor(
    private readonly exports: PersonalDataExport,
    private readonly keys: DataKeyRing,
    @InjectConnection() private readonly connection: Connection,
    @Inject(APP_CONFIG) private readonly config: CustomersConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':id/personal-data-export')
  @Roles('admin', 'data_protection_officer')
  @Header('cache-control', 'no-store')
  @Header('content-disposition', 'attachment; filename="personal-data-export.json"')
  @ApiAnswerOf(personalDataExportDocument)
  async export(
    @ZodParam('id', customerIdParam) id: string,
    @Ctx() request: RequestContext,
  ): Promise<z.infer<typeof personalDataExportDocument>> {
    // Every customer ever registered has a key (its name is sealed): none, no such customer.
    if ((await this.keys.localKeys('customers')?.keyState(id)) === 'none') {
      throw problem(404, 'customer-not-found', 'No such customer', { customerId: id });
    }
    await auditPersonalDataRead(this.connection, id, request, 'access-export', this.clock.now());
    const token = await this.keys.bearer();
    const others = await Promise.all(
      this.config.PERSONAL_DATA_SOURCES.map(async (base) => {
        const response = await fetch(
          `${base.replace(/\/$/, '')}/personal-data/${encodeURIComponent(id)}`,
          { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) },
        ).catch(() => undefined);
        // A part missing would make the file a lie: the export fails as a whole instead.
        if (response?.status !== 200) {
          throw problem(503, 'export-source-unavailable', 'A service did not answer', {
            detail: `${base} answered ${response?.status ?? 'nothing'}`,
          });
        }
        return (await response.json()) as PersonalDataOfService;
      }),
    );
    return {
      customerId: id,
      exportedAt: this.clock.now().toISOString(),
      services: [await this.exports.of(id), ...others],
    };
  }
}
