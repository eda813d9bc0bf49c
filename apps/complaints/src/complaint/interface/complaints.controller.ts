import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import {
  ApiPageQuery,
  Ctx,
  etagOf,
  type Page,
  type RequestContext,
  Roles,
  ZodPipe,
} from '@crm/platform';
import { STEP_ROLES } from '@crm/contracts';
import {
  GetComplaintQuery,
  type ComplaintView,
} from '../application/get-complaint/get-complaint.query';
import {
  ListComplaintsQuery,
  type ComplaintListItem,
} from '../application/list-complaints/list-complaints.query';
import {
  RecordComplaintHandler,
  type RecordComplaintResult,
} from '../application/record-complaint/record-complaint.handler';
import {
  TakeStepHandler,
  type StepResult,
  type WorkflowStepCommand,
} from '../application/take-step/take-step.handler';
import * as requests from './complaints.requests';

const READERS = ['service_agent', 'supervisor', 'admin', 'analyst'] as const;
const idPipe = new ZodPipe(requests.complaintIdParam, 'query');
const body = <T extends z.ZodType>(schema: T) => Body(new ZodPipe(schema));
const schemaOf = (schema: z.ZodType) => ({
  schema: z.toJSONSchema(schema, { io: 'input' }) as object,
});

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
  @ApiBody(schemaOf(requests.recordComplaintRequest))
  async record(
    @body(requests.recordComplaintRequest) input: requests.RecordComplaintRequest,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RecordComplaintResult> {
    const result = await this.recordComplaint.execute(input, context);
    response.setHeader('ETag', etagOf(result.version));
    response.setHeader('Location', `/complaints/${result.complaintId}`);
    return result;
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
  list(
    @Query(new ZodPipe(requests.listComplaintsRequest, 'query'))
    query: requests.ListComplaintsRequest,
  ): Promise<Page<ComplaintListItem>> {
    return this.listComplaints.execute(query);
  }

  /** How many complaints per department and status. */
  @Get('counts')
  @Roles(...READERS)
  async counts(): Promise<{
    items: { department: string | null; status: string; count: number }[];
  }> {
    return { items: await this.listComplaints.counts() };
  }

  @Get(':id')
  @Roles(...READERS)
  async get(
    @Param('id', idPipe) id: string,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ComplaintView> {
    const view = await this.getComplaint.execute(id, context.scope);
    response.setHeader('ETag', etagOf(view.version));
    return view;
  }

  @Post(':id/validate')
  @HttpCode(200)
  @Roles(...STEP_ROLES.validate)
  @ApiBody(schemaOf(requests.validateRequest))
  validate(
    @Param('id', idPipe) id: string,
    @body(requests.validateRequest) data: z.infer<typeof requests.validateRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StepResult> {
    return this.step(id, { step: 'validate', data }, context, response);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Roles(...STEP_ROLES.assign)
  @ApiBody(schemaOf(requests.assignRequest))
  assign(
    @Param('id', idPipe) id: string,
    @body(requests.assignRequest) data: z.infer<typeof requests.assignRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StepResult> {
    return this.step(id, { step: 'assign', data }, context, response);
  }

  @Post(':id/propose')
  @HttpCode(200)
  @Roles(...STEP_ROLES.propose)
  @ApiBody(schemaOf(requests.proposeRequest))
  propose(
    @Param('id', idPipe) id: string,
    @body(requests.proposeRequest) data: z.infer<typeof requests.proposeRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StepResult> {
    return this.step(id, { step: 'propose', data }, context, response);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles(...STEP_ROLES.approve)
  approve(
    @Param('id', idPipe) id: string,
    @body(requests.approveRequest) _: z.infer<typeof requests.approveRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StepResult> {
    return this.step(id, { step: 'approve', data: {} }, context, response);
  }

  @Post(':id/send-back')
  @HttpCode(200)
  @Roles(...STEP_ROLES['send-back'])
  @ApiBody(schemaOf(requests.sendBackRequest))
  sendBack(
    @Param('id', idPipe) id: string,
    @body(requests.sendBackRequest) data: z.infer<typeof requests.sendBackRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StepResult> {
    return this.step(id, { step: 'send-back', data }, context, response);
  }

  @Post(':id/notify-customer')
  @HttpCode(200)
  @Roles(...STEP_ROLES['notify-customer'])
  @ApiBody(schemaOf(requests.notifyCustomerRequest))
  notifyCustomer(
    @Param('id', idPipe) id: string,
    @body(requests.notifyCustomerRequest) data: z.infer<typeof requests.notifyCustomerRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StepResult> {
    return this.step(id, { step: 'notify-customer', data }, context, response);
  }

  @Post(':id/customer-response')
  @HttpCode(200)
  @Roles(...STEP_ROLES['customer-response'])
  @ApiBody(schemaOf(requests.customerResponseRequest))
  customerResponse(
    @Param('id', idPipe) id: string,
    @body(requests.customerResponseRequest) data: z.infer<typeof requests.customerResponseRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StepResult> {
    return this.step(id, { step: 'customer-response', data }, context, response);
  }

  @Post(':id/implement')
  @HttpCode(200)
  @Roles(...STEP_ROLES.implement)
  @ApiBody(schemaOf(requests.implementRequest))
  implement(
    @Param('id', idPipe) id: string,
    @body(requests.implementRequest) data: z.infer<typeof requests.implementRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StepResult> {
    return this.step(id, { step: 'implement', data }, context, response);
  }

  @Post(':id/accountability')
  @HttpCode(200)
  @Roles(...STEP_ROLES.accountability)
  @ApiBody(schemaOf(requests.accountabilityRequest))
  accountability(
    @Param('id', idPipe) id: string,
    @body(requests.accountabilityRequest) data: z.infer<typeof requests.accountabilityRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StepResult> {
    return this.step(id, { step: 'accountability', data }, context, response);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(...STEP_ROLES.close)
  @ApiBody(schemaOf(requests.closeRequest))
  close(
    @Param('id', idPipe) id: string,
    @body(requests.closeRequest) data: z.infer<typeof requests.closeRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StepResult> {
    return this.step(id, { step: 'close', data }, context, response);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Roles(...STEP_ROLES.reopen)
  @ApiBody(schemaOf(requests.reopenRequest))
  reopen(
    @Param('id', idPipe) id: string,
    @body(requests.reopenRequest) data: z.infer<typeof requests.reopenRequest>,
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StepResult> {
    return this.step(id, { step: 'reopen', data }, context, response);
  }

  private async step(
    id: string,
    command: WorkflowStepCommand,
    context: RequestContext,
    response: Response,
  ): Promise<StepResult> {
    const result = await this.takeStep.execute(id, command, context);
    response.setHeader('ETag', etagOf(result.version));
    return result;
  }
}
