import { SetMetadata } from '@nestjs/common';
import type { Role } from '@crm/contracts';

export const PUBLIC_ROUTE = 'crm:public';
export const ROUTE_ROLES = 'crm:roles';

/** Health, metrics and docs: no token needed. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The roles allowed on a route. A route with neither @Public nor @Roles is refused to everyone. */
export const Roles = (...roles: Role[]) => SetMetadata(ROUTE_ROLES, roles);
