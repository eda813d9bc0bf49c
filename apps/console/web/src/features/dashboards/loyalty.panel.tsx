import { useMemo, useState } from 'react';
import { Segmented, Space, Typography } from 'antd';
import { apiCall } from '@console/shared/export/export-csv-button';
import { optionsOf } from '@console/shared/forms/form-grid';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { categoryChart } from '@console/shared/ui/category-chart';
import { TableCard } from '@console/shared/ui/figure-card';
import { formatted, type FigureColumn } from '@console/shared/ui/figure-table';
import {
  LOYALTY_GROUPINGS,
  LOYALTY_WINDOWS,
  loyaltyQuery,
  useLoyalty,
  type LoyaltyGroup,
  type LoyaltyGrouping,
  type LoyaltyWindow,
} from './dashboards.queries';

/** The loyalty figures that count customers, and those that are a share of them. */
type CountedKey = 'activeCustomers' | 'repeatCustomers' | 'previousCustomers' | 'retainedCustomers';
type RateKey = 'repeatPurchaseRate' | 'retentionRate';

/**
 * D6 loyalty (ADR 142): repeat-purchase rate and retention per group as bars, the customers who
 * bought as a line; the table below with the counts behind each rate and the median tenure.
 */
export function LoyaltyPanel({ month }: { readonly month: string }) {
  const { t } = useI18n();
  const format = useFormat();
  /** Customers of the group counted by what they did (its title is its own message). */
  const counted = (key: CountedKey): FigureColumn<LoyaltyGroup> => ({
    key,
    title: t(`dash.${key}`),
    value: (group) => group[key],
  });
  /** A share of the group's customers, as a percentage. */
  const rate = (key: RateKey, title: MessageKey): FigureColumn<LoyaltyGroup> =>
    formatted({ key, title: t(title), value: (group) => group[key] }, format.percent);
  const [groupBy, setGroupBy] = useState<LoyaltyGrouping>('company');
  const [window, setWindow] = useState<LoyaltyWindow>('month');
  const report = useLoyalty(groupBy, window, month);
  const option = useMemo(() => {
    const groups = report.data?.groups ?? [];
    return categoryChart({
      categories: groups.map((group) => (groupBy === 'company' ? t('dash.by.company') : group.key)),
      yAxis: [
        {
          type: 'value',
          min: 0,
          max: 1,
          axisLabel: { formatter: (value: number) => format.percent(value) },
        },
        { type: 'value', minInterval: 1 },
      ],
      series: [
        {
          name: t('dash.repeatRate'),
          type: 'bar',
          data: groups.map((group) => group.repeatPurchaseRate),
        },
        {
          name: t('dash.retentionRate'),
          type: 'bar',
          data: groups.map((group) => group.retentionRate),
        },
        {
          name: t('dash.activeCustomers'),
          type: 'line',
          yAxisIndex: 1,
          data: groups.map((group) => group.activeCustomers),
        },
      ],
    });
  }, [report.data, groupBy, t, format]);
  const data = report.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented<LoyaltyWindow>
          aria-label={t('dash.window')}
          value={window}
          onChange={setWindow}
          options={optionsOf(LOYALTY_WINDOWS, 'dash.window', t)}
        />
        <Segmented<LoyaltyGrouping>
          aria-label={t('dash.groupBy')}
          value={groupBy}
          onChange={setGroupBy}
          options={optionsOf(LOYALTY_GROUPINGS, 'dash.by', t)}
        />
      </Space>
      <TableCard<LoyaltyGroup>
        title={t('dash.loyaltyTitle')}
        chart={{ option, testId: 'loyalty-chart', height: 280 }}
        table={`dashboards.loyalty-by-${groupBy}`}
        call={apiCall('analytics', '/analytics/loyalty', loyaltyQuery(groupBy, window, month))}
        rows={data?.groups}
        rowKey="key"
        size="small"
        loading={report.isPending}
        columns={[
          {
            key: 'key',
            title: t(`dash.by.${groupBy}` as MessageKey),
            value: (group) => group.key,
            render: (group) => (groupBy === 'company' ? t('dash.by.company') : group.key),
          },
          rate('repeatPurchaseRate', 'dash.repeatRate'),
          counted('activeCustomers'),
          counted('repeatCustomers'),
          rate('retentionRate', 'dash.retentionRate'),
          counted('previousCustomers'),
          counted('retainedCustomers'),
          formatted(
            {
              key: 'medianTenure',
              title: t('dash.medianTenure'),
              value: (group) => group.tenure.medianDays,
            },
            format.number,
          ),
        ]}
      >
        {data && (
          <Typography.Paragraph type="secondary" data-testid="loyalty-period">
            {t('dash.loyaltyPeriod')
              .replace('{from}', data.period.from)
              .replace('{to}', data.period.to)
              .replace('{previousFrom}', data.previous.from)
              .replace('{previousTo}', data.previous.to)}
          </Typography.Paragraph>
        )}
      </TableCard>
    </Space>
  );
}
