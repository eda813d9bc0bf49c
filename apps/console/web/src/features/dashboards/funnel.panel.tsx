import { useMemo } from 'react';
import { Descriptions, Table } from 'antd';
import { apiCall } from '@console/shared/export/export-csv-button';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { categoryChart } from '@console/shared/ui/category-chart';
import { TableCard } from '@console/shared/ui/figure-card';
import { formatted } from '@console/shared/ui/figure-table';
import { TableRegion } from '@console/shared/ui/table-region';
import { useFunnel, type CurrencyForecast, type FunnelView } from './dashboards.queries';

type FunnelStage = FunnelView['stages'][number];

/** The month's totals beside the chart, in the company currency, each under its label. */
const TOTALS = [
  ['closedRevenue', 'dash.closedRevenue'],
  ['weightedPipeline', 'dash.weighted'],
  ['forecast', 'dash.forecast'],
  ['openAmount', 'dash.openAmount'],
] as const satisfies readonly (readonly [keyof FunnelView, MessageKey])[];

/** D10: open opportunities per stage, and the month's forecast. */
export function FunnelPanel({ month }: { readonly month: string }) {
  const { t } = useI18n();
  const format = useFormat();
  const funnel = useFunnel(month, true);
  const view = funnel.data;
  const stages = useMemo(() => view?.stages ?? [], [view]);
  const option = useMemo(
    () =>
      categoryChart({
        categories: stages.map((stage) => t(`dash.stage.${stage.stage}` as MessageKey)),
        axisLabel: { rotate: 30 },
        grid: { left: 64 },
        yAxis: [{ type: 'value' }, { type: 'value', minInterval: 1 }],
        series: [
          { name: t('dash.amount'), type: 'bar', data: stages.map((stage) => stage.amount) },
          {
            name: t('dash.opportunities'),
            type: 'line',
            yAxisIndex: 1,
            data: stages.map((stage) => stage.opportunities),
          },
        ],
      }),
    [stages, t],
  );
  return (
    <TableCard<FunnelStage>
      title={t('dash.funnelTitle')}
      chart={{ option, testId: 'funnel-chart', height: 280 }}
      table="dashboards.funnel"
      call={apiCall('analytics', '/analytics/funnel', { period: month })}
      rows={view?.stages}
      rowKey="stage"
      size="small"
      loading={funnel.isPending}
      pagination={false}
      columns={[
        {
          key: 'stage',
          title: t('dash.stage'),
          value: (stage) => stage.stage,
          render: (stage) => t(`dash.stage.${stage.stage}` as MessageKey),
        },
        formatted(
          { key: 'winRate', title: t('dash.winRate'), value: (stage) => stage.winRate },
          format.percent,
        ),
        {
          key: 'opportunities',
          title: t('dash.opportunities'),
          value: (stage) => stage.opportunities,
        },
        formatted(
          { key: 'amount', title: t('dash.amount'), value: (stage) => stage.amount },
          (amount) => format.money(amount, view?.currency),
        ),
      ]}
    >
      {view && (
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} data-testid="funnel-totals">
          {TOTALS.map(([figure, label]) => (
            <Descriptions.Item key={figure} label={t(label)}>
              {format.money(view[figure], view.currency)}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
      {view && view.byCurrency.length > 0 && (
        <TableRegion label={t('dash.byCurrency')}>
          <div data-testid="funnel-by-currency">
            <Table<CurrencyForecast>
              rowKey="currency"
              size="small"
              title={() => t('dash.byCurrency')}
              dataSource={[...view.byCurrency]}
              pagination={false}
              columns={[
                { title: t('dash.currency'), dataIndex: 'currency' },
                {
                  title: t('dash.forecast'),
                  render: (_, row) => format.money(row.exact.forecast, row.currency),
                },
                {
                  title: t('dash.weighted'),
                  render: (_, row) => format.money(row.exact.weightedPipeline, row.currency),
                },
                {
                  title: t('dash.openAmount'),
                  render: (_, row) => format.money(row.exact.openAmount, row.currency),
                },
                { title: t('dash.opportunities'), dataIndex: 'openOpportunities' },
                { title: t('dash.overdue'), render: (_, row) => row.overdue.opportunities },
              ]}
            />
          </div>
        </TableRegion>
      )}
    </TableCard>
  );
}
