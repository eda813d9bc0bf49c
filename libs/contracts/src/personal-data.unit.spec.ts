import { z } from 'zod';
import { allEventDefinitions } from './catalogue';
import type { PersonalFieldSpec } from './customers.personal-data';
import { personalFieldsByContext as byContext } from './personal-data.catalogue';
import type { BoundedContext } from './topics';

const personalFieldsByContext = Object.entries(byContext) as [
  BoundedContext,
  Readonly<Record<string, readonly PersonalFieldSpec[]>>,
][];

const cases = personalFieldsByContext.flatMap(([context, byEvent]) =>
  Object.entries(byEvent).flatMap(([name, fields]) =>
    fields.map(
      (field) => [`${context} ${name} ${field.path.join('.')}`, context, name, field] as const,
    ),
  ),
);

const definitionOf = (context: BoundedContext, name: string) =>
  allEventDefinitions.find((d) => d.context === context && d.name === name);

/** The schema of an object field, through optional and nullable wrappers. */
function fieldSchema(schema: z.ZodType, path: readonly string[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    while (current instanceof z.ZodOptional || current instanceof z.ZodNullable)
      current = current.unwrap() as z.ZodType;
    if (!(current instanceof z.ZodObject)) return undefined;
    current = (current.shape as Record<string, z.ZodType>)[segment];
  }
  return current;
}

/** The example with the field as it reads after erasure (placeholder, or absent). */
function erasedExample(example: unknown, field: PersonalFieldSpec): unknown {
  const copy = structuredClone(example) as Record<string, unknown>;
  let parent: Record<string, unknown> | undefined = copy;
  for (const segment of field.path.slice(0, -1)) {
    const next: unknown = parent?.[segment];
    parent =
      typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : undefined;
  }
  const name = field.path.at(-1)!;
  if (parent && name in parent) {
    if (field.erased === undefined) delete parent[name];
    else parent[name] = structuredClone(field.erased);
  }
  return copy;
}

describe('personal fields of the events (sealed per customer, ADR 110)', () => {
  it.each(cases)('%s names a field of a published event', (_, context, name, field) => {
    const definition = definitionOf(context, name);
    expect(definition).toBeDefined();
    expect(fieldSchema(definition!.schema, field.path)).toBeDefined();
  });

  it.each(cases)('%s still matches its schema once erased', (_, context, name, field) => {
    const definition = definitionOf(context, name)!;
    expect(definition.schema.safeParse(erasedExample(definition.example, field)).success).toBe(
      true,
    );
  });

  it.each(cases)(
    '%s reads as a placeholder where the schema requires a value',
    (_, context, name, field) => {
      const definition = definitionOf(context, name)!;
      const required = !fieldSchema(definition.schema, field.path)!.safeParse(undefined).success;
      if (required) expect(field.erased).toBeDefined();
    },
  );

  it('seals every free text of the visits, complaints and engagement events', () => {
    const freeText = (context: BoundedContext) =>
      allEventDefinitions
        .filter((definition) => definition.context === context)
        .flatMap((definition) =>
          Object.entries((definition.example ?? {}) as Record<string, unknown>)
            .filter(([, value]) => typeof value === 'string' && value.includes(' '))
            .map(([field]) => `${definition.name}.${field}`),
        );
    for (const [context, byEvent] of personalFieldsByContext) {
      if (context === 'customers') continue;
      const sealed = Object.entries(byEvent).flatMap(([name, fields]) =>
        fields.map((field) => `${name}.${field.path.join('.')}`),
      );
      expect(freeText(context).filter((path) => !sealed.includes(path))).toEqual([]);
    }
  });
});
