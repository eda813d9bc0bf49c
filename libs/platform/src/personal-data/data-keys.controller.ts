import { Controller, Get, Header, Inject, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { ApiParam } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../auth/auth.decorators';
import { Ctx, type RequestContext } from '../http/request-context';
import { problem } from '../http/problem';
import { ApiAnswerOf, ZodParam } from '../http/route-parameters';
import { CLOCK, type Clock } from '../time/clock';
import { DataKeyRing } from './data-key-ring';

/** Every key handed out or refused, by whom: the key API's audit (no key, no personal value). */
export const DATA_KEY_AUDIT = 'data_key_reads';

const contextParam = z.enum(['customers', 'visits', 'complaints', 'engagement']);
const customerIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a customer id');

const dataKeyAnswer = z.object({
  kid: z.string().describe('`<context>/<customerId>`'),
  alg: z.literal('A256GCM'),
  key: z.string().describe("the customer's AES-256 data key, base64"),
});

/**
 * The key API (ADR 90): the data key that opens the personal values this service published about
 * one customer. For the machine role `personal_data_reader` (the CRM's own consumers, the
 * messaging gateway) and `admin`; every answer is audited. After the customer's erasure: 410.
 */
@Controller('data-keys')
export class DataKeysController {
  private readonly logger = new Logger('DataKeys');

  constructor(
    @Inject(DataKeyRing) private readonly ring: DataKeyRing,
    @InjectConnection() private readonly connection: Connection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':context/:customerId')
  // The enum-typed parameter is not seen by the OpenAPI scanner by itself: named here.
  @ApiParam({ name: 'context', enum: contextParam.options })
  @Roles('personal_data_reader', 'admin')
  @Header('cache-control', 'no-store')
  @ApiAnswerOf(dataKeyAnswer)
  async keyOf(
    @ZodParam('context', contextParam) context: z.infer<typeof contextParam>,
    @ZodParam('customerId', customerIdParam) customerId: string,
    @Ctx() request: RequestContext,
  ): Promise<z.infer<typeof dataKeyAnswer>> {
    const keys = this.ring.localKeys(context);
    if (!keys)
      throw problem(404, 'data-key-not-found', 'This service holds no keys of that context');
    const kid = `${context}/${customerId}`;
    const state = await keys.keyState(customerId);
    const key = state === 'active' ? await keys.keyOf(customerId) : null;
    const outcome = key ? 'handed_out' : state === 'shredded' ? 'erased' : 'not_found';
    await this.connection.collection(DATA_KEY_AUDIT).insertOne({
      _id: uuidv7() as never,
      kid,
      customerId,
      caller: request.principal.userId,
      roles: request.principal.roles,
      outcome,
      correlationId: request.correlationId,
      at: this.clock.now(),
    });
    this.logger.log({ msg: 'data key read', kid, caller: request.principal.userId, outcome });
    if (outcome === 'erased')
      throw problem(410, 'customer-erased', 'The customer was erased: its key is gone', { kid });
    if (!key)
      throw problem(404, 'data-key-not-found', 'No key was ever made for this customer', { kid });
    return { kid, alg: 'A256GCM', key: key.toString('base64') };
  }
}
