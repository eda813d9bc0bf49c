import { z } from 'zod';
import { Topics, type BoundedContext } from './topics';

const contexts = Object.keys(Topics) as [BoundedContext, ...BoundedContext[]];

/** `crm.<context>.<EventName>.v<version>` */
export const EVENT_TYPE_PATTERN = /^crm\.([a-z]+)\.([A-Z][A-Za-z]+)\.v([1-9][0-9]*)$/;

/** The public envelope: CloudEvents 1.0, structured JSON mode, with the CRM extension attributes. */
export const cloudEventSchema = z
  .object({
    specversion: z.literal('1.0'),
    id: z.uuid(),
    source: z.enum(contexts.map((c) => `crm/${c}`) as [string, ...string[]]),
    type: z.string().regex(EVENT_TYPE_PATTERN),
    subject: z.string().min(1).max(200),
    time: z.iso.datetime({ offset: false }),
    datacontenttype: z.literal('application/json'),
    sequence: z.number().int().positive(),
    customerid: z.string().min(1).max(200).optional(),
    correlationid: z.string().min(1).max(200),
    causationid: z.string().min(1).max(200),
    actorid: z.string().min(1).max(200),
    data: z.record(z.string(), z.unknown()),
  })
  .strict();

export type CloudEvent<TData = Record<string, unknown>> = Omit<
  z.infer<typeof cloudEventSchema>,
  'data'
> & { data: TData };

export const eventTypeName = (context: BoundedContext, name: string, version: number): string =>
  `crm.${context}.${name}.v${version}`;

export function parseEventType(
  type: string,
): { context: string; name: string; version: number } | undefined {
  const match = EVENT_TYPE_PATTERN.exec(type);
  if (!match) return undefined;
  return { context: match[1]!, name: match[2]!, version: Number(match[3]) };
}
