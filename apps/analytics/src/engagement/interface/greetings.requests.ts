import { z } from 'zod';
import { text } from '@crm/contracts';
import { pageQuery } from '@crm/platform';
import {
  GREETING_LIST_STATUSES,
  type GreetingListStatus,
} from '@apps/analytics/src/engagement/infrastructure/greeting-list.projection';

const instant = z.iso.datetime({ offset: true });

/** `status=planned,failed`: one status or several, comma-separated. */
const statuses = z
  .string()
  .max(100)
  .transform((value, context) => {
    const list = value.split(',').map((status) => status.trim());
    if (list.every((status) => (GREETING_LIST_STATUSES as readonly string[]).includes(status)))
      return list as GreetingListStatus[];
    context.addIssue({
      code: 'custom',
      message: `must be one or more of ${GREETING_LIST_STATUSES.join(', ')}, comma-separated`,
    });
    return z.NEVER;
  });

export const listGreetingsRequest = z
  .object({
    status: statuses.optional(),
    /** Due at or after this instant. */
    from: instant.optional(),
    /** Due before this instant. */
    to: instant.optional(),
    customerId: text(200).optional(),
    ...pageQuery,
  })
  .strict()
  .refine((query) => !query.from || !query.to || new Date(query.from) < new Date(query.to), {
    path: ['to'],
    message: 'must be after from',
  });
export type ListGreetingsRequest = z.infer<typeof listGreetingsRequest>;
