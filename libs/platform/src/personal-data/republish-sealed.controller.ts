import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../auth/auth.decorators';
import { problem } from '../http/problem';
import { ApiAnswerOf, ZodParam } from '../http/route-parameters';
import { SealedRepublisher, republishResult, type RepublishResult } from './sealed-republisher';

const contextParam = z.enum(['customers', 'visits', 'complaints', 'analytics', 'engagement']);

/** The one-off migration of ADR 90: the topic's clear history replaced by its sealed form. */
@Controller('admin/republish-sealed')
export class RepublishSealedController {
  constructor(@Inject(SealedRepublisher) private readonly republisher: SealedRepublisher) {}

  @Post(':context')
  // The enum-typed parameter is not seen by the OpenAPI scanner by itself: named here.
  @ApiParam({ name: 'context', enum: contextParam.options })
  @HttpCode(200)
  @Roles('admin')
  @ApiAnswerOf(republishResult)
  async republish(
    @ZodParam('context', contextParam) context: z.infer<typeof contextParam>,
  ): Promise<RepublishResult> {
    const result = await this.republisher.republish(context);
    if (!result) {
      throw problem(404, 'context-not-here', 'This service does not publish that context', {
        errors: [{ field: 'context', message: `one of ${this.republisher.contexts().join(', ')}` }],
      });
    }
    return result;
  }
}
