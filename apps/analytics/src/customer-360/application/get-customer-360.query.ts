import { Injectable } from '@nestjs/common';
import { hasRole, problem, type Principal } from '@crm/platform';
import { Customer360Projection } from '../infrastructure/customer-360.projection';

export interface Customer360View {
  readonly customerId: string;
  readonly profile: {
    readonly name: string;
    readonly nature: string;
    readonly region: string;
    readonly ownerId: string;
    readonly registeredAt: string;
  } | null;
  readonly eventCount: number;
  readonly updatedAt: string;
}

const mayView = (principal: Principal, profile: { ownerId: string; region: string }): boolean =>
  hasRole(principal, 'admin', 'analyst', 'supervisor') ||
  (hasRole(principal, 'sales_manager') && principal.region === profile.region) ||
  (hasRole(principal, 'sales_rep') && principal.userId === profile.ownerId);

@Injectable()
export class GetCustomer360Query {
  constructor(private readonly views: Customer360Projection) {}

  async execute(customerId: string, principal: Principal): Promise<Customer360View> {
    const view = await this.views.find(customerId);
    const visible = view?.profile ? mayView(principal, view.profile) : hasRole(principal, 'admin', 'analyst');
    if (!view || !visible) {
      throw problem(404, 'customer-not-found', 'Customer not found', { detail: `customer ${customerId} not found` });
    }
    return {
      customerId: view._id,
      profile: view.profile
        ? { ...view.profile, registeredAt: view.profile.registeredAt.toISOString() }
        : null,
      eventCount: view.eventCount,
      updatedAt: view.updatedAt.toISOString(),
    };
  }
}
