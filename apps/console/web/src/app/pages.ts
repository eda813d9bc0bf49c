import { mayCall, type SessionView } from '@console/shared/api/session';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';

interface PageEntry {
  readonly path: string;
  readonly title: MessageKey;
  /** The call the page cannot do without: a user who may not make it does not see the page. */
  readonly needs: string;
}

const PAGES: readonly PageEntry[] = [
  { path: '/reps-day', title: 'nav.repsDay', needs: 'GET analytics /engagement/follow-ups' },
  { path: '/visit-board', title: 'nav.visitBoard', needs: 'GET visits /visit-plans/{month}' },
  { path: '/new-customer', title: 'nav.newCustomer', needs: 'POST customers /customers' },
  { path: '/abc', title: 'nav.abc', needs: 'GET analytics /analytics/tiers' },
  { path: '/dashboards', title: 'nav.dashboards', needs: 'GET analytics /analytics/satisfaction' },
  { path: '/complaints', title: 'nav.complaints', needs: 'GET complaints /complaints' },
  { path: '/complaint-intake', title: 'nav.complaintIntake', needs: 'POST complaints /complaints' },
  { path: '/customer-360', title: 'nav.customer360', needs: 'GET customers /customers/{id}' },
  { path: '/ops', title: 'nav.ops', needs: 'GET analytics /admin/queues' },
];

/** The pages this session opens, in menu order. */
export const pagesFor = (session: SessionView): readonly PageEntry[] =>
  PAGES.filter((page) => mayCall(session, page.needs));
