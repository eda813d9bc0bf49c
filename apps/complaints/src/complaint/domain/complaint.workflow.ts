/** The D7 workflow table lives in @crm/contracts, shared with the console; the domain reads it here. */
export {
  allowedSteps,
  COMPLAINT_STATUSES,
  COMPLAINT_STEPS,
  COMPLAINT_WORKFLOW,
  isAllowed,
  STEP_ROLES,
  targetsOf,
  type ComplaintStatus,
  type ComplaintStep,
} from '@crm/contracts';
