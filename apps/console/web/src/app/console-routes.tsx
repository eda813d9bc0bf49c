import type { ReactElement } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Spin } from 'antd';
import { AbcPage } from '@console/features/abc/abc.page';
import { ComplaintIntakePage } from '@console/features/complaint-intake/complaint-intake.page';
import { ComplaintWorkbenchPage } from '@console/features/complaints/complaint-workbench.page';
import { Customer360Page } from '@console/features/customer-360/customer-360.page';
import { DashboardsPage } from '@console/features/dashboards/dashboards.page';
import { NewCustomerPage } from '@console/features/new-customer/new-customer.page';
import { OpsPage } from '@console/features/ops/ops.page';
import { RepsDayPage } from '@console/features/reps-day/reps-day.page';
import { VisitBoardPage } from '@console/features/visit-board/visit-board.page';
import { SignInPage } from '@console/features/sign-in/sign-in.page';
import { useSession, type SessionView } from '@console/shared/api/session';
import { useI18n } from '@console/shared/i18n/i18n';
import { ConsoleLayout } from './console-layout';
import { pagesFor } from './pages';

/** The first page a user lands on: the first one their roles open. */
const homeOf = (session: SessionView): string => pagesFor(session)[0]?.path ?? '/customer-360';

export function ConsoleRoutes() {
  const session = useSession();
  const { t } = useI18n();
  if (session.isPending) return <Spin aria-label={t('common.loading')} fullscreen />;
  if (!session.data?.user) return <SignInPage session={session.data} />;
  const open = new Set(pagesFor(session.data).map((page) => page.path));
  const page = (path: string, element: ReactElement) =>
    open.has(path) ? <Route path={path} element={element} /> : null;
  return (
    <ConsoleLayout session={session.data}>
      <Routes>
        {page('/reps-day', <RepsDayPage session={session.data} />)}
        {page('/visit-board', <VisitBoardPage session={session.data} />)}
        {page('/new-customer', <NewCustomerPage session={session.data} />)}
        {page('/abc', <AbcPage />)}
        {page('/dashboards', <DashboardsPage session={session.data} />)}
        {page('/complaints', <ComplaintWorkbenchPage session={session.data} />)}
        {page('/complaint-intake', <ComplaintIntakePage />)}
        {page('/customer-360', <Customer360Page session={session.data} />)}
        {page('/ops', <OpsPage />)}
        <Route path="*" element={<Navigate to={homeOf(session.data)} replace />} />
      </Routes>
    </ConsoleLayout>
  );
}
