import type { Role } from '@crm/contracts';
import { decideRoute, type ConsoleRoute } from '@apps/console/src/gateway/domain/console-routes';
import type { ConsoleUser } from '@apps/console/src/session/domain/console-user';

/** What the SPA says it exported: which table, read by which console call, how many rows. */
export interface ExportReport {
  /** The table's stable name in the SPA (`abc.members`, `reps.follow-ups`). */
  readonly table: string;
  /** The console call the rows came from, as the SPA made it (`/api/analytics/analytics/tiers?…`). */
  readonly call: string;
  readonly rows: number;
}

/**
 * One audited export, with no personal value in it: the call is kept as its route (`{id}`, not
 * the customer's id) and its query by the names of the parameters only (a name search's words
 * stay out of the audit).
 */
export interface ExportAuditEntry {
  readonly at: string;
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly table: string;
  readonly service: string;
  readonly route: string;
  readonly queryParameters: readonly string[];
  readonly rows: number;
}

export type ExportDecision =
  | { readonly outcome: 'audited'; readonly entry: ExportAuditEntry }
  | { readonly outcome: 'not-a-console-call' }
  | { readonly outcome: 'forbidden'; readonly route: ConsoleRoute };

const API_CALL = /^\/api\/([a-z]+)(\/[^?#]*)(?:\?([^#]*))?$/;

/** Whether this user could have read those rows through the console, and the entry if so. */
export function auditExport(report: ExportReport, user: ConsoleUser, now: Date): ExportDecision {
  const match = API_CALL.exec(report.call);
  if (!match) return { outcome: 'not-a-console-call' };
  const [, service = '', path = '', query = ''] = match;
  const decision = decideRoute(service, 'GET', path, user.roles);
  if (decision.outcome === 'unknown') return { outcome: 'not-a-console-call' };
  if (decision.outcome === 'forbidden') return { outcome: 'forbidden', route: decision.route };
  return {
    outcome: 'audited',
    entry: {
      at: now.toISOString(),
      userId: user.userId,
      roles: user.roles,
      table: report.table,
      service,
      route: decision.route.path,
      queryParameters: [...new Set(new URLSearchParams(query).keys())].sort(),
      rows: report.rows,
    },
  };
}
