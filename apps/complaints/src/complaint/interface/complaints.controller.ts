import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
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
  AnswersCreated,
  AnswersWithEtag,
} from '@crm/platform';
import { STEP_ROLES } from '@crm/contracts';
import { GetComplaintQuery } from '../application/get-complaint/get-complaint.query';
import { ListComplaintsQuery } from '../application/list-complaints/list-complaints.query';
import { RecordComplaintHandler } from '../application/record-complaint/record-complaint.handler';
import { TakeStepHandler } from '../application/take-step/take-step.handler';
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
  @AnswersCreated(({ complaintId }: { complaintId: string }) => `/complaints/${complaintId}`)
  record(
    @ZodBody(requests.recordComplaintRequest) input: requests.RecordComplaintRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof recordedComplaintAnswer>> {
    return this.recordComplaint.execute(input, context);
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
  @AnswersWithEtag()
  get(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof complaintAnswer>> {
    return this.getComplaint.execute(id, context.scope);
  }

  @Post(':id/validate')
  @HttpCode(200)
  @Roles(...STEP_ROLES.validate)
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.validateRequest)
  @AnswersWithEtag()
  validate(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.validateRequest) data: z.infer<typeof requests.validateRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'validate', data }, context);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Roles(...STEP_ROLES.assign)
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.assignRequest)
  @AnswersWithEtag()
  assign(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.assignRequest) data: z.infer<typeof requests.assignRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'assign', data }, context);
  }

  @Post(':id/propose')
  @HttpCode(200)
  @Roles(...STEP_ROLES.propose)
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.proposeRequest)
  @AnswersWithEtag()
  propose(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.proposeRequest) data: z.infer<typeof requests.proposeRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'propose', data }, context);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles(...STEP_ROLES.approve)
  @ApiAnswerOf(stepAnswer)
  @AnswersWithEtag()
  approve(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.approveRequest) _: z.infer<typeof requests.approveRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'approve', data: {} }, context);
  }

  @Post(':id/send-back')
  @HttpCode(200)
  @Roles(...STEP_ROLES['send-back'])
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.sendBackRequest)
  @AnswersWithEtag()
  sendBack(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.sendBackRequest) data: z.infer<typeof requests.sendBackRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'send-back', data }, context);
  }

  @Post(':id/notify-customer')
  @HttpCode(200)
  @Roles(...STEP_ROLES['notify-customer'])
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.notifyCustomerRequest)
  @AnswersWithEtag()
  notifyCustomer(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.notifyCustomerRequest) data: z.infer<typeof requests.notifyCustomerRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'notify-customer', data }, context);
  }

  @Post(':id/customer-response')
  @HttpCode(200)
  @Roles(...STEP_ROLES['customer-response'])
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.customerResponseRequest)
  @AnswersWithEtag()
  customerResponse(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.customerResponseRequest)
    data: z.infer<typeof requests.customerResponseRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'customer-response', data }, context);
  }

  @Post(':id/implement')
  @HttpCode(200)
  @Roles(...STEP_ROLES.implement)
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.implementRequest)
  @AnswersWithEtag()
  implement(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.implementRequest) data: z.infer<typeof requests.implementRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'implement', data }, context);
  }

  @Post(':id/accountability')
  @HttpCode(200)
  @Roles(...STEP_ROLES.accountability)
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.accountabilityRequest)
  @AnswersWithEtag()
  accountability(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.accountabilityRequest) data: z.infer<typeof requests.accountabilityRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'accountability', data }, context);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(...STEP_ROLES.close)
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.closeRequest)
  @AnswersWithEtag()
  close(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.closeRequest) data: z.infer<typeof requests.closeRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'close', data }, context);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Roles(...STEP_ROLES.reopen)
  @ApiAnswerOf(stepAnswer)
  @ApiBodyOf(requests.reopenRequest)
  @AnswersWithEtag()
  reopen(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.reopenRequest) data: z.infer<typeof requests.reopenRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'reopen', data }, context);
  }
}
