import { Get } from '@nestjs/common';
import { z } from 'zod';
import {
  ApiAnswerOf,
  ApiController,
  ChangeRoute,
  CreateRoute,
  Ctx,
  ListRoute,
  ReadRoute,
  type RequestContext,
  Roles,
  ZodBody,
  ZodQuery,
  ZodParam,
} from '@crm/platform';
import { STEP_ROLES, type ComplaintStep } from '@crm/contracts';
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

/**
 * The route of a workflow step (D7): POST /complaints/:id/<step>, open to the step's roles,
 * answering 200 with the complaint's status and version, which is also its ETag.
 */
const StepRoute = (step: ComplaintStep, body?: z.ZodType): MethodDecorator =>
  ChangeRoute(`:id/${step}`, { roles: STEP_ROLES[step], body, answer: stepAnswer });

@ApiController('complaints')
export class ComplaintsController {
  constructor(
    private readonly recordComplaint: RecordComplaintHandler,
    private readonly takeStep: TakeStepHandler,
    private readonly getComplaint: GetComplaintQuery,
    private readonly listComplaints: ListComplaintsQuery,
  ) {}

  @CreateRoute({
    roles: STEP_ROLES.record,
    body: requests.recordComplaintRequest,
    answer: recordedComplaintAnswer,
    location: ({ complaintId }: { complaintId: string }) => `/complaints/${complaintId}`,
  })
  record(
    @ZodBody(requests.recordComplaintRequest) input: requests.RecordComplaintRequest,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof recordedComplaintAnswer>> {
    return this.recordComplaint.execute(input, context);
  }

  @ListRoute({
    roles: READERS,
    filters: [
      { name: 'status' },
      { name: 'department' },
      { name: 'severity' },
      { name: 'customerId' },
      { name: 'overdue', schema: { type: 'string', enum: ['true', 'false'] } },
    ],
    answer: complaintPage,
  })
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

  @ReadRoute(':id', { roles: READERS, answer: complaintAnswer })
  get(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof complaintAnswer>> {
    return this.getComplaint.execute(id, context.scope);
  }

  @StepRoute('validate', requests.validateRequest)
  validate(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.validateRequest) data: z.infer<typeof requests.validateRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'validate', data }, context);
  }

  @StepRoute('assign', requests.assignRequest)
  assign(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.assignRequest) data: z.infer<typeof requests.assignRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'assign', data }, context);
  }

  @StepRoute('propose', requests.proposeRequest)
  propose(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.proposeRequest) data: z.infer<typeof requests.proposeRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'propose', data }, context);
  }

  @StepRoute('approve')
  approve(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.approveRequest) _: z.infer<typeof requests.approveRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'approve', data: {} }, context);
  }

  @StepRoute('send-back', requests.sendBackRequest)
  sendBack(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.sendBackRequest) data: z.infer<typeof requests.sendBackRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'send-back', data }, context);
  }

  @StepRoute('notify-customer', requests.notifyCustomerRequest)
  notifyCustomer(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.notifyCustomerRequest) data: z.infer<typeof requests.notifyCustomerRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'notify-customer', data }, context);
  }

  @StepRoute('customer-response', requests.customerResponseRequest)
  customerResponse(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.customerResponseRequest)
    data: z.infer<typeof requests.customerResponseRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'customer-response', data }, context);
  }

  @StepRoute('implement', requests.implementRequest)
  implement(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.implementRequest) data: z.infer<typeof requests.implementRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'implement', data }, context);
  }

  @StepRoute('accountability', requests.accountabilityRequest)
  accountability(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.accountabilityRequest) data: z.infer<typeof requests.accountabilityRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'accountability', data }, context);
  }

  @StepRoute('close', requests.closeRequest)
  close(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.closeRequest) data: z.infer<typeof requests.closeRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'close', data }, context);
  }

  @StepRoute('reopen', requests.reopenRequest)
  reopen(
    @ZodParam('id', requests.complaintIdParam) id: string,
    @ZodBody(requests.reopenRequest) data: z.infer<typeof requests.reopenRequest>,
    @Ctx() context: RequestContext,
  ): Promise<z.infer<typeof stepAnswer>> {
    return this.takeStep.execute(id, { step: 'reopen', data }, context);
  }
}
