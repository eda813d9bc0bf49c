import type { ReactNode } from 'react';
import { Button, Layout, Menu, Select, Space, Typography } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { signOut, useSessionRefresh, type SessionView } from '@console/shared/api/session';
import { LANGUAGES, useI18n, type Language } from '@console/shared/i18n/i18n';
import { LiveNoticesBell } from '@console/shared/live/live-updates';
import { pagesFor } from './pages';

const LANGUAGE_NAMES: Record<Language, string> = { 'zh-CN': '简体中文', en: 'English' };

/** Ant Design Pro's frame: the menu of the pages this user opens, language and sign-out on top. */
export function ConsoleLayout({
  session,
  children,
}: {
  readonly session: SessionView;
  readonly children: ReactNode;
}) {
  const { t, language, setLanguage } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const refresh = useSessionRefresh();
  const pages = pagesFor(session);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          paddingInline: 16,
          flexWrap: 'wrap',
          height: 'auto',
          minHeight: 64,
        }}
      >
        <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap' }}>
          {t('app.title')}
        </Typography.Text>
        <nav aria-label={t('app.title')} style={{ flex: 1, minWidth: 0 }}>
          {/* Every page a user opens stays in sight: the menu wraps rather than hiding pages. */}
          <Menu
            className="console-menu"
            disabledOverflow
            theme="dark"
            mode="horizontal"
            selectedKeys={[location.pathname]}
            items={pages.map((page) => ({ key: page.path, label: t(page.title) }))}
            onClick={({ key }) => navigate(key)}
          />
        </nav>
        <Space wrap>
          <Select<Language>
            aria-label={t('app.language')}
            value={language}
            onChange={setLanguage}
            options={LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value] }))}
            style={{ width: 120 }}
          />
          <LiveNoticesBell />
          <Typography.Text style={{ color: '#fff' }} data-testid="signed-in-user">
            {session.user?.name}
          </Typography.Text>
          <Button
            onClick={async () => {
              await signOut();
              await refresh();
            }}
          >
            {t('app.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content id="main" style={{ padding: 16 }}>
        {children}
      </Layout.Content>
    </Layout>
  );
}
