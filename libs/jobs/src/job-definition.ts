import type { z } from 'zod';

/**
 * One kind of job: the queue it runs on, its name and the schema of its payload.
 * Declared once; scheduling and handling are both typed by it.
 */
export interface JobDefinition<TName extends string = string, TSchema extends z.ZodType = z.ZodType> {
  readonly queue: string;
  readonly name: TName;
  readonly schema: TSchema;
  /** Attempts before the job is left failed (dead-letter state, visible on the dashboard). */
  readonly attempts: number;
  readonly backoffMs: number;
}

export const defineJob = <TName extends string, TSchema extends z.ZodType>(
  definition: JobDefinition<TName, TSchema>,
): JobDefinition<TName, TSchema> => definition;

export type JobPayload<TDefinition> =
  TDefinition extends JobDefinition<string, infer TSchema> ? z.infer<TSchema> : never;

export interface JobContext {
  readonly jobId: string;
  readonly attempt: number;
}

export type JobHandler<TDefinition extends JobDefinition> = (
  payload: JobPayload<TDefinition>,
  context: JobContext,
) => Promise<void>;

/** A definition with its handler; the worker refuses to start if a definition lacks one. */
export interface JobBinding<TDefinition extends JobDefinition = JobDefinition> {
  readonly definition: TDefinition;
  readonly handle: JobHandler<TDefinition>;
}

export const bindJob = <TDefinition extends JobDefinition>(
  definition: TDefinition,
  handle: JobHandler<TDefinition>,
): JobBinding => ({ definition, handle: handle as JobHandler<JobDefinition> });

/** BullMQ refuses ':' and integer ids; deterministic ids are built from parts with this. */
export const jobId = (...parts: readonly (string | number)[]): string =>
  parts.map((part) => String(part).replace(/[^A-Za-z0-9_.-]/g, '_')).join('--');
