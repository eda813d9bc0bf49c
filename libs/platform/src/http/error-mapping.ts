import type { CodedError } from '@crm/event-store';
import type { Problem } from './problem';

/**
 * How one module's error class becomes a problem at the HTTP edge. Each module provides one,
 * built from an exhaustive `Record<ErrorCode, ...>` so an unmapped code fails to compile.
 */
export interface ErrorMapping {
  matches(error: unknown): boolean;
  toProblem(error: unknown, request: { headers: Record<string, unknown> }): Problem;
}

export const ERROR_MAPPINGS = Symbol('ERROR_MAPPINGS');

export interface CodeRule {
  readonly status: number;
  readonly title: string;
}

/** Builds an ErrorMapping for one error class from its exhaustive code table. */
export function mapErrorCodes<TCode extends string>(
  errorClass: abstract new (...args: never[]) => CodedError<TCode>,
  rules: Record<TCode, CodeRule>,
): ErrorMapping {
  return {
    matches: (error) => error instanceof errorClass,
    toProblem: (error) => {
      const coded = error as CodedError<TCode>;
      const rule = rules[coded.code];
      return {
        type: `urn:crm:problem:${coded.code.toLowerCase().replaceAll('_', '-')}`,
        title: rule.title,
        status: rule.status,
        detail: coded.message,
        code: coded.code,
        ...coded.details,
      };
    },
  };
}
