import { Typography } from 'antd';
import { apiCall } from '@console/shared/export/export-csv-button';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { TableCard } from '@console/shared/ui/figure-card';
import { openCustomerColumn } from '@console/shared/ui/open-customer';
import { useCustomersAtRisk, type CustomerAtRisk } from './dashboards.queries';

/**
 * D6's early warning as a work list: who is below the alert floor now, lowest CSI first, with the
 * latest alert and a way into the customer's 360 page (its CSI trend shows how it got there).
 */
export function CustomersAtRiskCard() {
  const { t } = useI18n();
  const format = useFormat();
  const atRisk = useCustomersAtRisk();
  return (
    <TableCard<CustomerAtRisk>
      title={t('dash.atRiskTitle')}
      testId="customers-at-risk"
      table="dashboards.customers-at-risk"
      call={apiCall('analytics', '/analytics/satisfaction/at-risk', { limit: 100 })}
      rows={atRisk.data?.customers}
      rowKey="customerId"
      loading={atRisk.isPending}
      columns={[
        { key: 'name', title: t('reps.name'), value: (row) => row.name ?? row.customerId },
        { key: 'ownerId', title: t('board.rep'), value: (row) => row.ownerId },
        { key: 'csi', title: t('dash.csi'), value: (row) => format.number(row.csi) },
        { key: 'scores', title: t('dash.scores'), value: (row) => row.scores },
        {
          key: 'alert',
          title: t('customer360.alert'),
          value: (row) =>
            row.lastAlert
              ? `${t(`customer360.alert.${row.lastAlert.reason}` as MessageKey)} · ${format.date(row.lastAlert.at)}`
              : undefined,
        },
        openCustomerColumn(t('nav.customer360'), (row) => row.name ?? row.customerId),
      ]}
    >
      {atRisk.data && (
        <Typography.Paragraph type="secondary">
          {t('dash.atRiskSummary')
            .replace('{total}', String(atRisk.data.total))
            .replace('{floor}', String(atRisk.data.floor))}
        </Typography.Paragraph>
      )}
    </TableCard>
  );
}
