import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { BrowserRouter } from 'react-router';
import { I18nProvider, useI18n } from '@console/shared/i18n/i18n';
import { ConsoleRoutes } from './console-routes';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});

function Localized() {
  const { language } = useI18n();
  return (
    <ConfigProvider
      locale={language === 'zh-CN' ? zhCN : enUS}
      theme={{
        token: {
          colorPrimary: '#1554ad',
          // Link buttons (the queue's complaint ids) follow colorLink, not colorPrimary.
          colorLink: '#1554ad',
          // Labels, captions and hints at 4.5:1 against white (WCAG AA; axe color-contrast).
          colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
          colorTextTertiary: 'rgba(0, 0, 0, 0.64)',
          colorTextDescription: 'rgba(0, 0, 0, 0.64)',
        },
      }}
      // 「登录」, not 「登 录」: a button's accessible name is its words as written.
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <BrowserRouter>
          <ConsoleRoutes />
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Localized />
      </I18nProvider>
    </QueryClientProvider>
  );
}
