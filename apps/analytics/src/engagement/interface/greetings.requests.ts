import { z } from 'zod';
import { text } from '@crm/contracts';
import { pageQuery } from '@crm/platform';
import { GREETING_LIST_STATUSES } from '@apps/analytics/src/engagement/infrastructure/greeting-list.projection';

const instant = z.iso.datetime({ offset: true });

/** `status=planned,failed`: one status or several, comma-separated. */
const statuses = z
  .string()
  .max(100)
  .transform((value) => value.split(',').map((status) => status.trim()))
  .pipe(z.array(z.enum(GREETING_LIST_STATUSES)).min(1));

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
