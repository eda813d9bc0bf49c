import { z } from 'zod';
import { defineEvent, type DomainEventOf } from './event-definition';

export const CUSTOMER_NATURES = [
  'government',
  'special_company',
  'ordinary_company',
  'business_partner',
  'individual',
] as const;

export const customerRegistered = defineEvent({
  context: 'customers',
  name: 'CustomerRegistered',
  version: 1,
  description: 'A customer was registered: the first event of its stream (D1).',
  schema: z
    .object({
      customerId: z.string().min(1),
      name: z.string().min(1).max(200),
      nature: z.enum(CUSTOMER_NATURES),
      region: z.string().min(1).max(100),
      ownerId: z.string().min(1).max(100),
      registeredAt: z.iso.datetime(),
    })
    .strict(),
  example: {
    customerId: '01937a1e-1111-7000-8000-000000000001',
    name: 'Hangzhou Lianhua Trading Co.',
    nature: 'ordinary_company',
    region: 'east',
    ownerId: 'rep-17',
    registeredAt: '2026-11-24T08:00:00.000Z',
  },
});

export const customerEventDefinitions = [customerRegistered] as const;

export type CustomerEvent = DomainEventOf<(typeof customerEventDefinitions)[number]>;
