import { Controller, Get, Header, Inject } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { Roles } from '../auth/auth.decorators';
import { Ctx, type RequestContext } from '../http/request-context';
import { ApiAnswerOf, ZodParam } from '../http/route-parameters';
import { CLOCK, type Clock } from '../time/clock';
import {
  PersonalDataExport,
  personalDataOfService,
  type PersonalDataOfService,
} from './personal-data-export';

/** Who read which customer's personal data through an export, and when (never the data). */
export const PERSONAL_DATA_READS = 'personal_data_reads';

export const customerIdOfExport = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a customer id');

/** Writes one audit document of an access export (or of one service's part of it). */
export async function auditPersonalDataRead(
  connection: Connection,
  customerId: string,
  request: RequestContext,
  what: string,
  at: Date,
): Promise<void> {
  await connection.collection(PERSONAL_DATA_READS).insertOne({
    _id: uuidv7() as never,
    customerId,
    what,
    caller: request.principal.userId,
    roles: request.principal.roles,
    correlationId: request.correlationId,
    at,
  });
}

/** This service's part of a customer's access export (ADR 90): for the export, audited. */
@Controller('personal-data')
export class PersonalDataController {
  constructor(
    @Inject(PersonalDataExport) private readonly exports: PersonalDataExport,
    @InjectConnection() private readonly connection: Connection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':customerId')
  @Roles('personal_data_reader', 'admin', 'data_protection_officer')
  @Header('cache-control', 'no-store')
  @ApiAnswerOf(personalDataOfService)
  async of(
    @ZodParam('customerId', customerIdOfExport) customerId: string,
    @Ctx() request: RequestContext,
  ): Promise<PersonalDataOfService> {
    await auditPersonalDataRead(
      this.connection,
      customerId,
      request,
      'service-part',
      this.clock.now(),
    );
    return this.exports.of(customerId);
  }
}
