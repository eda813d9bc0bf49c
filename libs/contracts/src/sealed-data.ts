import { z } from 'zod';
import { defineEvent, type EventDefinition } from './event-definition';
import type { BoundedContext } from './topics';

/** The field of a published event's `data` that carries its personal values, encrypted. */
export const SEALED_DATA_FIELD = 'sealed';

const base64 = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

/**
 * The personal values of one event as they travel (ADR 90, "Personal data on the wire"): a JSON
 * object of `paths` → values, encrypted with AES-256-GCM under the data key `kid`
 * (`<producing context>/<customer id>`), the CloudEvent `id` as additional data. The clear fields
 * beside it hold the placeholder `"[erased]"` (required fields) or are absent (optional fields).
 */
export const sealedDataSchema = z
  .object({
    kid: z.string().regex(/^[a-z]+\/[^/\s]{1,200}$/, 'must be <context>/<customer id>'),
    alg: z.literal('A256GCM'),
    /** Dotted paths of the sealed fields (names, never values). */
    paths: z.array(z.string().min(1).max(200)).min(1).max(100),
    iv: base64(64),
    tag: base64(64),
    ct: base64(4_000_000),
  })
  .strict();

export type SealedData = z.infer<typeof sealedDataSchema>;

/** The id of the data key that seals a customer's personal values published by `context`. */
export const dataKeyId = (context: BoundedContext, customerId: string): string =>
  `${context}/${customerId}`;

/** The producing context and the customer of a data key id; undefined for a malformed id. */
export function parseDataKeyId(
  kid: string,
): { readonly context: string; readonly customerId: string } | undefined {
  const slash = kid.indexOf('/');
  if (slash <= 0 || slash === kid.length - 1) return undefined;
  return { context: kid.slice(0, slash), customerId: kid.slice(slash + 1) };
}

/**
 * The version of an event that carries its personal fields sealed (`data.sealed`): the same
 * fields plus the optional `sealed` object. The earlier version (personal fields in clear) is read
 * as this one unchanged: it simply has nothing sealed.
 */
export function sealedVersion<
  TName extends string,
  TShape extends z.core.$ZodShape,
  TConfig extends z.core.$ZodObjectConfig,
>(definition: EventDefinition<TName, z.ZodObject<TShape, TConfig>>, version = 2) {
  const schema = definition.schema.extend({ sealed: sealedDataSchema.optional() });
  return defineEvent({
    context: definition.context,
    name: definition.name,
    version,
    description:
      `${definition.description} Version ${version} (ADR 90): its personal fields travel sealed ` +
      'in `sealed` (see x-personal-fields); version 1 carried them in clear.',
    schema,
    example: schema.parse(definition.example),
    // The earlier version is this one with nothing sealed: it validates as it is.
    upcast: (data) => schema.parse(data),
  });
}
