import { Alert, Button, Card } from 'antd';
import { useI18n } from '@console/shared/i18n/i18n';
import { cardTitle } from '@console/shared/ui/card-title';
import { ConsolePage } from '@console/shared/ui/console-page';

/** Ops: analytics' queue dashboard through this session (no bearer header needed), the DLQ note. */
export function OpsPage() {
  const { t } = useI18n();
  return (
    <ConsolePage title={t('nav.ops')}>
      <Card title={cardTitle(t('ops.queues'))}>
        <Button type="primary" href="/admin/queues" target="_blank" rel="noopener">
          {t('ops.openQueues')}
        </Button>
      </Card>
      <Card title={cardTitle(t('ops.dlq'))}>
        <Alert type="info" message={t('ops.dlqHint')} />
      </Card>
    </ConsolePage>
  );
}
