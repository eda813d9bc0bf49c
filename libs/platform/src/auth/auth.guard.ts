import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '@crm/contracts';
import { scopeOf, type AccessScope } from '../access/access-scope';
import { problem } from '../http/problem';
import { OrganizationDirectory } from '../organization/organization-directory';
import { PUBLIC_ROUTE, ROUTE_ROLES } from './auth.decorators';
import { hasRole, type Principal } from './principal';
import { TokenVerifier } from './token-verifier';

export type AuthenticatedRequest = Request & { principal?: Principal; scope?: AccessScope };

/** Global guard: 401 without a valid token, 403 when no role of the caller is allowed. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(OrganizationDirectory) private readonly directory: OrganizationDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_\-.]{10,4096})$/.exec(header);
    const principal = match ? await this.verifier.verify(match[1]!) : undefined;
    if (!principal) {
      throw problem(401, 'unauthenticated', 'A valid bearer token is required');
    }
    request.principal = principal;
    // Worked out once per request: every query and command reads the same scope.
    request.scope = scopeOf(principal, this.directory);
    const allowed =
      this.reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets) ?? [];
    if (!hasRole(principal, ...allowed)) {
      throw problem(403, 'forbidden', 'Your roles do not allow this operation', {
        requiredRoles: allowed,
      });
    }
    return true;
  }
}
