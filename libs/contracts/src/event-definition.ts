import { z } from 'zod';
import { eventTypeName, type CloudEvent } from './cloud-event';
import type { BoundedContext } from './topics';

/** One published event: its name and version, the JSON Schema of its `data`, and an example. */
export interface EventDefinition<
  TName extends string = string,
  TSchema extends z.ZodType = z.ZodType,
> {
  readonly context: BoundedContext;
  readonly name: TName;
  readonly version: number;
  readonly description: string;
  readonly schema: TSchema;
  readonly example: z.infer<TSchema>;
  /**
   * Turns the data of the version just before this one into this version's: old events stay on
   * the topics and in the stores as they were written and are upcast when read, never rewritten.
   * The registry chains the steps, so an event two versions old passes through both.
   */
  readonly upcast?: (data: Record<string, unknown>) => z.infer<TSchema>;
}

export const defineEvent = <TName extends string, TSchema extends z.ZodType>(
  definition: EventDefinition<TName, TSchema>,
): EventDefinition<TName, TSchema> => definition;

/** A domain event as the deciders produce it: plain, readonly data. */
export type DomainEventOf<TDefinition> =
  TDefinition extends EventDefinition<infer TName, infer TSchema>
    ? { readonly type: TName; readonly data: z.infer<TSchema> }
    : never;

export class ContractViolation extends Error {
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ContractViolation';
  }
}

const describeIssues = (error: z.ZodError) =>
  error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }));

/**
 * A well-formed event of a type this build does not know (a newer producer, a newer version):
 * consumers skip it instead of dead-lettering it, so producers can add events first.
 */
export class UnknownEventType extends ContractViolation {
  constructor(readonly type: string) {
    super(`unknown event type ${type}`);
    this.name = 'UnknownEventType';
  }
}

/** type → definition; producers and consumers both validate through it. */
export class EventRegistry {
  private readonly byType = new Map<string, EventDefinition>();
  private readonly byName = new Map<string, EventDefinition>();
  /** Every version of an event by `context:name` and version number. */
  private readonly versions = new Map<string, Map<number, EventDefinition>>();

  constructor(definitions: readonly EventDefinition[]) {
    for (const definition of definitions) {
      const type = eventTypeName(definition.context, definition.name, definition.version);
      if (this.byType.has(type)) throw new Error(`event type ${type} is registered twice`);
      this.byType.set(type, definition);
      const key = `${definition.context}:${definition.name}`;
      const known = this.byName.get(key);
      if (!known || known.version < definition.version) this.byName.set(key, definition);
      this.versions.set(
        key,
        (this.versions.get(key) ?? new Map()).set(definition.version, definition),
      );
    }
    for (const [key, current] of this.byName) this.assertUpcastChain(key, current.version);
  }

  /** Every version below the current one must be registered and each later one upcast from it. */
  private assertUpcastChain(key: string, currentVersion: number): void {
    const versions = this.versions.get(key)!;
    const oldest = Math.min(...versions.keys());
    for (let version = oldest + 1; version <= currentVersion; version += 1) {
      const step = versions.get(version);
      if (!step)
        throw new Error(`${key} has no version ${version} between ${oldest} and ${currentVersion}`);
      if (!step.upcast)
        throw new Error(`${key} version ${version} cannot read version ${version - 1}`);
    }
  }

  definitions(): EventDefinition[] {
    return [...this.byType.values()];
  }

  types(): string[] {
    return [...this.byType.keys()];
  }

  /** The current definition of an event by its context and name (what producers write). */
  current(context: BoundedContext, name: string): EventDefinition {
    const definition = this.byName.get(`${context}:${name}`);
    if (!definition) throw new ContractViolation(`unknown event ${context}.${name}`);
    return definition;
  }

  typeOf(context: BoundedContext, name: string): string {
    const definition = this.current(context, name);
    return eventTypeName(definition.context, definition.name, definition.version);
  }

  /** Validates `data` against the schema of `type`; returns the parsed data. */
  validateData(type: string, data: unknown): Record<string, unknown> {
    const definition = this.byType.get(type);
    if (!definition) throw new UnknownEventType(type);
    const result = definition.schema.safeParse(data);
    if (!result.success) {
      throw new ContractViolation(`data does not match ${type}`, describeIssues(result.error));
    }
    return result.data as Record<string, unknown>;
  }

  /**
   * The data of `type` as the current version of its event: an older version is upcast one
   * version at a time (each step's result validated); the current one is returned as it is.
   */
  toCurrent(
    type: string,
    data: Record<string, unknown>,
  ): { type: string; data: Record<string, unknown> } {
    const definition = this.byType.get(type);
    if (!definition) throw new UnknownEventType(type);
    const key = `${definition.context}:${definition.name}`;
    const current = this.byName.get(key)!;
    if (current === definition) return { type, data };
    const versions = this.versions.get(key)!;
    let upcast = data;
    for (let version = definition.version + 1; version <= current.version; version += 1) {
      const step = versions.get(version)!;
      upcast = this.validateData(
        eventTypeName(step.context, step.name, step.version),
        step.upcast!(upcast),
      );
    }
    return { type: eventTypeName(current.context, current.name, current.version), data: upcast };
  }

  /**
   * Validates a whole CloudEvent (envelope and data) received from the wire; an older version of
   * an event reaches the consumer upcast to the current one (type and data).
   */
  validateCloudEvent(value: unknown, envelope: z.ZodType): CloudEvent {
    const parsed = envelope.safeParse(value);
    if (!parsed.success) {
      throw new ContractViolation('not a valid CloudEvent envelope', describeIssues(parsed.error));
    }
    const event = parsed.data as CloudEvent;
    return { ...event, ...this.toCurrent(event.type, this.validateData(event.type, event.data)) };
  }

  /** JSON Schema of every event's data, keyed by type: the source of the AsyncAPI document. */
  jsonSchemas(): Record<string, unknown> {
    return Object.fromEntries(
      [...this.byType.entries()].map(([type, definition]) => [
        type,
        z.toJSONSchema(definition.schema, { io: 'input' }),
      ]),
    );
  }
}
