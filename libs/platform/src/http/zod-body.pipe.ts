import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { problem, type FieldError } from './problem';

export const zodFieldErrors = (error: z.ZodError): FieldError[] =>
  error.issues.flatMap((issue): FieldError[] => {
    const base = issue.path.map(String).join('.');
    // Unknown fields are reported one by one, each under its own name.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: base ? `${base}.${key}` : key,
        message: 'unknown field',
      }));
    }
    return [{ field: base || '(body)', message: issue.message }];
  });

/** Validates a body or query against a zod schema; every bad field is named in one 400. */
export class ZodPipe<TSchema extends z.ZodType> implements PipeTransform<
  unknown,
  z.infer<TSchema>
> {
  constructor(
    private readonly schema: TSchema,
    private readonly where: 'body' | 'query' = 'body',
  ) {}

  transform(value: unknown): z.infer<TSchema> {
    const result = this.schema.safeParse(value ?? (this.where === 'body' ? undefined : {}));
    if (result.success) return result.data;
    throw problem(400, 'validation', `The request ${this.where} is invalid`, {
      errors: zodFieldErrors(result.error),
    });
  }
}
