import { z } from 'zod';
import { CUSTOMER_NATURES } from '@crm/contracts';
import { pageQuery } from '@crm/platform';

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

export const listCustomersRequest = z
  .object({ owner: text(100).optional(), region: text(100).optional(), ...pageQuery })
  .strict();

export type ListCustomersRequest = z.infer<typeof listCustomersRequest>;
