import { z } from 'zod';
import { CUSTOMER_NATURES } from '@crm/contracts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const registerCustomerRequest = z
  .object({
    name: text(200),
    nature: z.enum(CUSTOMER_NATURES),
    region: text(100),
    ownerId: text(100),
  })
  .strict();

export type RegisterCustomerRequest = z.infer<typeof registerCustomerRequest>;

export const customerIdParam = z.uuid();
