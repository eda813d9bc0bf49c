import { Alert, Button, Card, Space, Typography } from 'antd';
import { useI18n } from '@console/shared/i18n/i18n';

/** Ops: analytics' queue dashboard through this session (no bearer header needed), the DLQ note. */
export function OpsPage() {
  const { t } = useI18n();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('nav.ops')}
      </Typography.Title>
      <Card title={<h2 className="card-title">{t('ops.queues')}</h2>}>
        <Button type="primary" href="/admin/queues" target="_blank" rel="noopener">
          {t('ops.openQueues')}
        </Button>
      </Card>
      <Card title={<h2 className="card-title">{t('ops.dlq')}</h2>}>
        <Alert type="info" message={t('ops.dlqHint')} />
      </Card>
    </Space>
  );
}
