import { Inject, Injectable } from '@nestjs/common';
import type { Role, SlaDeadlineKind } from '@crm/contracts';
import { CLOCK, type Clock, seesClear, type AccessScope } from '@crm/platform';
import type {
  Complaint,
  ComplaintPolicy,
  SlaDeadline,
} from '@apps/complaints/src/complaint/domain/complaint.state';
import {
  ComplaintError,
  ComplaintErrorCode,
} from '@apps/complaints/src/complaint/domain/complaint.errors';
import { allowedSteps, type ComplaintStep } from '@crm/contracts';
import { COMPLAINT_POLICY } from '../complaint-policy.token';
import { ComplaintRepository } from '../complaint.repository';

export interface DueToAct {
  /** `customer` while the complaint waits on their answer; else the role (and person, if known) to act. */
  readonly party: 'staff' | 'customer';
  readonly role: Role | null;
  readonly userId: string | null;
  readonly steps: readonly ComplaintStep[];
}

export interface TimelineEntry {
  readonly sequence: number;
  readonly type: string;
  readonly at: string;
  readonly actorId: string;
  readonly data: Record<string, unknown>;
}

export interface ComplaintView extends Omit<Complaint, 'deadlines'> {
  readonly version: number;
  readonly deadlines: Readonly<
    Record<SlaDeadlineKind, SlaDeadline & { readonly overdue: boolean }>
  >;
  readonly dueToAct: DueToAct | null;
  readonly timeline: readonly TimelineEntry[];
}

/** Who the workflow waits on, by status (D7): handlers handle, approvers approve, the customer answers. */
export function dueToAct(complaint: Complaint, policy: ComplaintPolicy): DueToAct | null {
  const steps = allowedSteps(complaint.status);
  const staff = (role: Role, userId: string | null = null): DueToAct => ({
    party: 'staff',
    role,
    userId,
    steps,
  });
  switch (complaint.status) {
    case 'closed':
      return null;
    case 'customer_notified':
      return { party: 'customer', role: null, userId: null, steps };
    case 'resolution_proposed': {
      const cost = complaint.proposal?.cost ?? 0;
      const { approverRole, higherApproverRole, costThreshold } = policy.approval;
      return staff(cost > costThreshold ? higherApproverRole : approverRole);
    }
    case 'recorded':
    case 'validated':
    case 'rejected':
    case 'reopened':
      return staff('service_agent');
    case 'assigned':
    case 'sent_back':
    case 'resolution_approved':
    case 'customer_disagreed':
    case 'customer_agreed':
    case 'implemented':
    case 'accountability_recorded':
      return staff('service_agent', complaint.handlerId);
  }
}

/** The customer's own words and contact data (D7 step 1) are personal data. */
const PERSONAL_FIELDS = ['customerWords', 'contact'] as const;
const MASK = '***';

/**
 * Personal data in clear follows the one access scope: complaints keeps no owner or region of the
 * customer, so only a grant over every customer in clear reaches it (service agents, supervisors,
 * admins); an analyst's, or any narrower grant, sees it masked.
 */
const seesPersonalData = (scope: AccessScope): boolean => seesClear(scope, undefined);

const masked = (data: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(data).map(([field, value]) => [
      field,
      (PERSONAL_FIELDS as readonly string[]).includes(field) ? MASK : value,
    ]),
  );

const isOverdue = (deadline: SlaDeadline, now: Date): boolean =>
  deadline.due !== null && deadline.metAt === null && new Date(deadline.due) < now;

/** The complaint as its stream tells it: state, the full timeline, deadlines, who is due to act. */
@Injectable()
export class GetComplaintQuery {
  constructor(
    private readonly complaints: ComplaintRepository,
    @Inject(COMPLAINT_POLICY) private readonly policy: ComplaintPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(
    complaintId: string,
    scope: AccessScope,
    now = this.clock.now(),
  ): Promise<ComplaintView> {
    const { state, version, stored } = await this.complaints.load(complaintId);
    if (!state.recorded) {
      throw new ComplaintError(ComplaintErrorCode.NotFound, `complaint ${complaintId} not found`, {
        complaintId,
      });
    }
    const { recorded: _, deadlines, ...complaint } = state;
    return {
      ...complaint,
      version,
      deadlines: {
        first_response: {
          ...deadlines.first_response,
          overdue: isOverdue(deadlines.first_response, now),
        },
        resolution: { ...deadlines.resolution, overdue: isOverdue(deadlines.resolution, now) },
      },
      dueToAct: dueToAct(state, this.policy),
      timeline: stored.map((event) => ({
        sequence: event.sequence,
        type: event.type,
        at: event.occurredAt,
        actorId: event.actorId,
        data: seesPersonalData(scope) ? event.data : masked(event.data),
      })),
    };
  }
}
