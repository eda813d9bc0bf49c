import { z } from 'zod';
import { defineEvent, EventRegistry } from './event-definition';

/** A three-version event whose every upcast knows only the version just before it. */
const greetedV1 = defineEvent({
  context: 'customers',
  name: 'Greeted',
  version: 1,
  description: 'v1',
  schema: z.object({ text: z.string() }).strict(),
  example: { text: '你好' },
});
const greetedV2 = defineEvent({
  ...greetedV1,
  version: 2,
  description: 'v2 splits the greeting into words',
  schema: z.object({ words: z.array(z.string()) }).strict(),
  example: { words: ['你好'] },
  upcast: (data) => ({ words: greetedV1.schema.parse(data).text.split(' ') }),
});
const greetedV3 = defineEvent({
  ...greetedV2,
  version: 3,
  description: 'v3 counts them',
  schema: z.object({ words: z.array(z.string()), count: z.number().int() }).strict(),
  example: { words: ['你好'], count: 1 },
  upcast: (data) => {
    const { words } = greetedV2.schema.parse(data);
    return { words, count: words.length };
  },
});

describe('event registry: reading old versions', () => {
  const registry = new EventRegistry([greetedV1, greetedV2, greetedV3]);

  it('reads a version-1 event as version 3 through every step in order', () => {
    expect(registry.toCurrent('crm.customers.Greeted.v1', { text: '你好 世界' })).toEqual({
      type: 'crm.customers.Greeted.v3',
      data: { words: ['你好', '世界'], count: 2 },
    });
  });

  it('reads a version-2 event with the last step only', () => {
    expect(registry.toCurrent('crm.customers.Greeted.v2', { words: ['a', 'b', 'c'] }).data).toEqual(
      { words: ['a', 'b', 'c'], count: 3 },
    );
  });

  it('returns the current version as it is', () => {
    const data = { words: ['x'], count: 1 };
    expect(registry.toCurrent('crm.customers.Greeted.v3', data).data).toBe(data);
  });

  it('refuses, when built, a version that cannot read the one before it', () => {
    const { upcast: _, ...withoutUpcast } = greetedV3;
    expect(() => new EventRegistry([greetedV1, greetedV2, withoutUpcast])).toThrow(
      /version 3 cannot read version 2/,
    );
  });

  it('refuses, when built, a gap between registered versions', () => {
    expect(() => new EventRegistry([greetedV1, greetedV3])).toThrow(/has no version 2/);
  });
});
