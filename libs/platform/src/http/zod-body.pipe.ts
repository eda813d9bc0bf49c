import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { problem, type FieldError } from './problem';

/** Where a validated value came from, as the 400 names it. */
export type RequestPart = 'body' | 'query' | 'path';

const PART_OF: Partial<Record<ArgumentMetadata['type'], RequestPart>> = {
  body: 'body',
  query: 'query',
  param: 'path',
};

export const zodFieldErrors = (error: z.ZodError, prefix = ''): FieldError[] =>
  error.issues.flatMap((issue): FieldError[] => {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    // Unknown fields are reported one by one, each under its own name.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: base ? `${base}.${key}` : key,
        message: 'unknown field',
      }));
    }
    return [{ field: base || '(body)', message: issue.message }];
  });

/**
 * Validates a body, a query or one path parameter against a zod schema; every bad field is named
 * in one 400 (a path parameter by its name). Where the value comes from is Nest's own metadata, so
 * a path parameter is never reported as the query. A POST without a body is an empty object: the
 * schema then names what is missing, and action routes that need nothing accept it.
 */
export class ZodPipe<TSchema extends z.ZodType> implements PipeTransform<
  unknown,
  z.infer<TSchema>
> {
  constructor(
    private readonly schema: TSchema,
    /** Kept for call sites that name it; the argument metadata decides. */
    private readonly where?: 'body' | 'query',
  ) {}

  transform(value: unknown, metadata?: ArgumentMetadata): z.infer<TSchema> {
    const part = (metadata && PART_OF[metadata.type]) ?? this.where ?? 'body';
    const input = part === 'path' ? value : (value ?? {});
    const result = this.schema.safeParse(input);
    if (result.success) return result.data;
    const field = part === 'path' ? (metadata?.data ?? '(path)') : '';
    throw problem(400, 'validation', `The request ${part === 'path' ? 'path' : part} is invalid`, {
      errors: zodFieldErrors(result.error, field),
    });
  }
}
