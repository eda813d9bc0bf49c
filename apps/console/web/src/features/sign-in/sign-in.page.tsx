import { useState } from 'react';
import { Alert, Button, Card, Form, Layout, Select, Typography } from 'antd';
import { signInLocally, useSessionRefresh, type SessionView } from '@console/shared/api/session';
import { useI18n } from '@console/shared/i18n/i18n';

/** Sign-in with the OIDC provider (production) and/or the demo users (npm start). */
export function SignInPage({ session }: { readonly session: SessionView | undefined }) {
  const { t } = useI18n();
  const refresh = useSessionRefresh();
  const [userId, setUserId] = useState<string | undefined>(session?.demoUsers[0]?.userId);
  const [failed, setFailed] = useState<string | undefined>();
  const demoUsers = session?.demoUsers ?? [];
  return (
    <Layout
      style={{ minHeight: '100vh', alignItems: 'center', justifyContent: 'center', padding: 16 }}
    >
      <main>
        <Card style={{ width: 'min(420px, 92vw)' }}>
          <Typography.Title level={1} style={{ fontSize: 24 }}>
            {t('signIn.title')}
          </Typography.Title>
          {failed && <Alert type="error" message={failed} style={{ marginBottom: 16 }} />}
          {session?.signInWithProvider && (
            // A navigation, not a fetch: the provider's pages take over the window and send the
            // browser back to the console's callback, which opens the session and returns to /.
            <Button
              type={demoUsers.length > 0 ? 'default' : 'primary'}
              href="/session/oidc/start"
              block
              style={{ marginBottom: demoUsers.length > 0 ? 16 : 0 }}
            >
              {t('signIn.oidc')}
            </Button>
          )}
          {demoUsers.length > 0 ? (
            <Form
              layout="vertical"
              onFinish={async () => {
                if (!userId) return;
                try {
                  await refresh(await signInLocally(userId));
                } catch (error) {
                  setFailed(error instanceof Error ? error.message : String(error));
                }
              }}
            >
              <Form.Item label={t('signIn.demoUser')} htmlFor="demo-user">
                <Select
                  id="demo-user"
                  value={userId}
                  onChange={setUserId}
                  options={demoUsers.map((user) => ({ value: user.userId, label: user.name }))}
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" block>
                {t('signIn.submit')}
              </Button>
            </Form>
          ) : (
            !session?.signInWithProvider && (
              <Typography.Paragraph>{t('signIn.noMethod')}</Typography.Paragraph>
            )
          )}
        </Card>
      </main>
    </Layout>
  );
}
