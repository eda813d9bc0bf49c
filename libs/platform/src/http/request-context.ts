import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { CommandMetadata } from '@crm/event-store';
import { scopeOf, type AccessScope } from '../access/access-scope';
import type { Principal } from '../auth/principal';
import { OrganizationDirectory } from '../organization/organization-directory';
import { problem } from './problem';

/** What a command needs to know about the request that carries it. */
export interface RequestContext {
  readonly principal: Principal;
  /** What the principal may see and do (libs/platform/src/access/access-scope.ts). */
  readonly scope: AccessScope;
  readonly correlationId: string;
  /** The caller's Idempotency-Key, scoped to caller and route: passed down to the event store. */
  readonly idempotencyKey?: string;
  /** The stream version from `If-Match`, if the caller sent one. */
  readonly expectedVersion?: number;
}

export type ContextualRequest = Request & {
  principal?: Principal;
  scope?: AccessScope;
  id?: unknown;
  idempotencyScope?: string;
};

export const CORRELATION_HEADER = 'x-correlation-id';

/** `If-Match: "3"` (or W/"3") → 3. Anything else that is not `*` is a 400. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) {
    throw problem(400, 'validation', 'The request is invalid', {
      errors: [{ field: 'If-Match', message: 'must be an ETag returned by this API, e.g. "3"' }],
    });
  }
  return Number(match[1]);
}

export const etagOf = (version: number): string => `"${version}"`;

export const requestContextOf = (request: ContextualRequest): RequestContext => {
  if (!request.principal || !request.scope) {
    throw new Error('requestContextOf called on an unauthenticated route');
  }
  const expectedVersion = parseIfMatch(request.header('if-match'));
  return {
    principal: request.principal,
    scope: request.scope,
    correlationId: String(request.id),
    ...(request.idempotencyScope ? { idempotencyKey: request.idempotencyScope } : {}),
    ...(expectedVersion === undefined ? {} : { expectedVersion }),
  };
};

/** Who caused a command the request carries: its caller, its correlation id, its Idempotency-Key. */
export const causeOf = (context: RequestContext): CommandMetadata => ({
  actorId: context.principal.userId,
  correlationId: context.correlationId,
  causationId: context.correlationId,
  idempotencyKey: context.idempotencyKey,
});

/** The context of work the system does itself (a job, an import): an admin, audited as `userId`. */
export const systemContext = (userId: string, correlationId: string): RequestContext => {
  const principal: Principal = { userId, roles: ['admin'] };
  // An admin's grants do not depend on the organization: an empty directory will do.
  const directory = new OrganizationDirectory({
    version: 1,
    regions: [{ id: 'system', name: 'system' }],
    departments: [],
    people: [],
  });
  return { principal, scope: scopeOf(principal, directory), correlationId };
};

/** Controller parameter: the RequestContext of the current request. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext) =>
  requestContextOf(context.switchToHttp().getRequest<ContextualRequest>()),
);
