import { Controller, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import {
  Ctx,
  type RequestContext,
  Roles,
  ZodBody,
  ZodParam,
  ApiAnswerOf,
  ApiBodyOf,
  withEtag,
} from '@crm/platform';
import { RecordSurveyHandler } from '../application/record-survey/record-survey.handler';
import {
  customerIdParam,
  recordSurveyRequest,
  type RecordSurveyRequest,
} from './customers.requests';
import { surveyRecorded } from './customers.responses';
import { CustomersOperationIds, SALES } from './customer-routes';

/** A customer's satisfaction surveys. */
@CustomersOperationIds()
@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomerSurveysController {
  constructor(private readonly surveys: RecordSurveyHandler) {}

  @Post(':id/surveys')
  @Roles(...SALES)
  @ApiBodyOf(recordSurveyRequest)
  @ApiAnswerOf(surveyRecorded, { status: 201 })
  @ApiAnswerOf(surveyRecorded, {
    description:
      'The survey was recorded before (same source and reference): nothing counted again',
  })
  async recordSurvey(
    @ZodParam('id', customerIdParam) id: string,
    @ZodBody(recordSurveyRequest) body: RecordSurveyRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof surveyRecorded>> {
    const result = await this.surveys.record(id, body, context);
    // 201 for a new survey; 200 for one already recorded (D6 counts it once).
    response.status(result.recorded ? 201 : 200);
    return withEtag(response, result);
  }
}
