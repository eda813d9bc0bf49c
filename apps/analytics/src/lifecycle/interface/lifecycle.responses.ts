import { z } from 'zod';
import { LIFECYCLE_STAGES } from '@crm/contracts';
import { pageOf } from '@crm/platform';

/** The lifecycle routes' answers (D5), for the OpenAPI document and the console's typed client. */
export const lifecycleRunAnswer = z
  .union([
    z.object({ asOf: z.string(), customers: z.int(), transitions: z.int() }),
    z.object({
      asOf: z.string(),
      stages: z.object(Object.fromEntries(LIFECYCLE_STAGES.map((stage) => [stage, z.int()]))),
    }),
  ])
  .describe('the evaluation just made; with `asOf`, the customers per stage on that date');

export const markedLostAnswer = z.object({
  customerId: z.string(),
  stage: z.enum(LIFECYCLE_STAGES).nullable(),
  changed: z.boolean(),
});

export const lifecycleAnswer = z.object({
  stages: z.record(z.string(), z.int()).describe('customers per stage'),
  members: pageOf(
    z.object({
      customerId: z.string(),
      name: z.string().nullable(),
      ownerId: z.string().nullable(),
      stage: z.string().optional().describe('absent while the customer has no stage yet'),
      since: z.string().nullable(),
    }),
  ),
});
