import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import {
  ApiAnswerOf,
  ApiPageQuery,
  Ctx,
  type RequestContext,
  Roles,
  ZodBody,
  ZodQuery,
  ZodParam,
  ApiBodyOf,
  withEtag,
  created,
} from '@crm/platform';
import { STEP_ROLES } from '@crm/contracts';
import { GetComplaintQuery } from '../application/get-complaint/get-complaint.query';
import { ListComplaintsQuery } from '../application/list-complaints/list-complaints.query';
import { RecordComplaintHandler } from '../application/record-complaint/record-complaint.handler';
import {
  TakeStepHandler,
  type WorkflowStepCommand,
} from '../application/take-step/take-step.handler';
import * as requests from './complaints.requests';
import {
  complaintAnswer,
  complaintCounts,
  complaintPage,
  recordedComplaintAnswer,
  stepAnswer,
} from './complaints.responses';

const READERS = ['service_agent', 'supervisor', 'admin', 'analyst'] as const;

@ApiTags('complaints')
@ApiBearerAuth()
@Controller('complaints')
export class ComplaintsController {
  constructor(
    private readonly recordComplaint: RecordComplaintHandler,
    private readonly takeStep: TakeStepHandler,
    private readonly getComplaint: GetComplaintQuery,
    private readonly listComplaints: ListComplaintsQuery,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles(...STEP_ROLES.record)
  @ApiBodyOf(requests.recordComplaintRequest)
  @ApiAnswerOf(recordedComplaintAnswer, { status: 201 })
  async record(
    @ZodBody(requests.recordComplaintRequest) input: requests.RecordComplaintRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof recordedComplaintAnswer>> {
    const result = await this.recordComplaint.execute(input, context);
    return created(response, result, `/complaints/${result.complaintId}`);
  }

  @Get()
  @Roles(...READERS)
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'department', required: false })
  @ApiQuery({ name: 'severity', required: false })
  @ApiQuery({ name: 'customerId', required: false })
  @ApiQuery({
    name: 'overdue',
    required: false,
    schema: { type: 'string', enum: ['true', 'false'] },
  })
  @ApiPageQuery()
  @ApiAnswerOf(complaintPage)
  list(
    @ZodQuery(requests.listComplaintsRequest)
    query: requests.ListComplaintsRequest,
  ): Promise<z.infer<typeof complaintPage>> {
    return this.listComplaints.execute(query);
  }

  /** How many complaints per department and status. */
  @Get('counts')
  @Roles(...READERS)
  @ApiAnswerOf(complaintCounts)
  async counts(): Promise<z.infer<typeof complaintCounts>> {
    return { items: await this.listComplaints.counts() };
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiAnswerOf(complaintAnswer)
  async get(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof complaintAnswer>> {
    const view = await this.getComplaint.execute(id, context.scope);
    return withEtag(response, view);
  }

  @Post(':id/validate')
  @HttpCode(200)
  @Roles(...STEP_ROLES.validate)
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.validateRequest)
  validate(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.validateRequest) data: z.infer<typeof requests.validateRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.step(id, { step: 'validate', data }, context, response);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Roles(...STEP_ROLES.assign)
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.assignRequest)
  assign(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.assignRequest) data: z.infer<typeof requests.assignRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.step(id, { step: 'assign', data }, context, response);
  }

  @Post(':id/propose')
  @HttpCode(200)
  @Roles(...STEP_ROLES.propose)
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.proposeRequest)
  propose(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.proposeRequest) data: z.infer<typeof requests.proposeRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.step(id, { step: 'propose', data }, context, response);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles(...STEP_ROLES.approve)
  @ApiAnswerOf(stepAnswer)
  approve(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.approveRequest) _: z.infer<typeof requests.approveRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.step(id, { step: 'approve', data: {} }, context, response);
  }

  @Post(':id/send-back')
  @HttpCode(200)
  @Roles(...STEP_ROLES['send-back'])
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.sendBackRequest)
  sendBack(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.sendBackRequest) data: z.infer<typeof requests.sendBackRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.step(id, { step: 'send-back', data }, context, response);
  }

  @Post(':id/notify-customer')
  @HttpCode(200)
  @Roles(...STEP_ROLES['notify-customer'])
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.notifyCustomerRequest)
  notifyCustomer(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.notifyCustomerRequest) data: z.infer<typeof requests.notifyCustomerRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.step(id, { step: 'notify-customer', data }, context, response);
  }

  @Post(':id/customer-response')
  @HttpCode(200)
  @Roles(...STEP_ROLES['customer-response'])
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.customerResponseRequest)
  customerResponse(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.customerResponseRequest)
    data: z.infer<typeof requests.customerResponseRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.step(id, { step: 'customer-response', data }, context, response);
  }

  @Post(':id/implement')
  @HttpCode(200)
  @Roles(...STEP_ROLES.implement)
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.implementRequest)
  implement(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.implementRequest) data: z.infer<typeof requests.implementRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.step(id, { step: 'implement', data }, context, response);
  }

  @Post(':id/accountability')
  @HttpCode(200)
  @Roles(...STEP_ROLES.accountability)
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.accountabilityRequest)
  accountability(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.accountabilityRequest) data: z.infer<typeof requests.accountabilityRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.step(id, { step: 'accountability', data }, context, response);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(...STEP_ROLES.close)
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.closeRequest)
  close(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.closeRequest) data: z.infer<typeof requests.closeRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.step(id, { step: 'close', data }, context, response);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Roles(...STEP_ROLES.reopen)
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.reopenRequest)
  reopen(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.reopenRequest) data: z.infer<typeof requests.reopenRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.step(id, { step: 'reopen', data }, context, response);
  }

  private async step(
    id: string,
    command: WorkflowStepCommand,
    context: RequestContext,
    response: Response,
  ): Promise<z.infer<typeof stepAnswer>> {
    const result = await this.takeStep.execute(id, command, context);
    return withEtag(response, result);
  }
}
