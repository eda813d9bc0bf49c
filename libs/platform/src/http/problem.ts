/** RFC 9457 problem details. `type` is stable: clients branch on it. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const problemType = (code: string): string => `urn:crm:problem:${code}`;

/** Thrown by the HTTP edge (pipes, guards, interceptors) with a ready problem. */
export class ProblemException extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ProblemException';
  }
}

export const problem = (
  status: number,
  code: string,
  title: string,
  extra: Record<string, unknown> & { detail?: string; errors?: readonly FieldError[] } = {},
): ProblemException => new ProblemException({ type: problemType(code), title, status, ...extra });
