import { useMemo } from 'react';
import { Card, Descriptions, Table } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { apiCall, ExportCsvButton } from '@console/shared/export/export-csv-button';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { EChart } from '@console/shared/ui/echart';
import { TableRegion } from '@console/shared/ui/table-region';
import { cardTitle } from '@console/shared/ui/card-title';
import { useFunnel, type CurrencyForecast, type FunnelView } from './dashboards.queries';

type FunnelStage = FunnelView['stages'][number];

/** D10: open opportunities per stage, and the month's forecast. */
export function FunnelPanel({ month }: { readonly month: string }) {
  const { t } = useI18n();
  const format = useFormat();
  const funnel = useFunnel(month, true);
  const stages = useMemo(() => funnel.data?.stages ?? [], [funnel.data]);
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('dash.amount'), t('dash.opportunities')] },
      grid: { left: 64, right: 40, bottom: 64, top: 40 },
      xAxis: {
        type: 'category',
        data: stages.map((stage) => t(`dash.stage.${stage.stage}` as MessageKey)),
        axisLabel: { rotate: 30 },
      },
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
    <Card
      title={cardTitle(t('dash.funnelTitle'))}
      extra={
        <ExportCsvButton<FunnelStage>
          table="dashboards.funnel"
          call={apiCall('analytics', '/analytics/funnel', { period: month })}
          rows={funnel.data?.stages}
          columns={[
            { title: t('dash.stage'), value: (stage) => stage.stage },
            { title: t('dash.winRate'), value: (stage) => stage.winRate },
            { title: t('dash.opportunities'), value: (stage) => stage.opportunities },
            { title: t('dash.amount'), value: (stage) => stage.amount },
          ]}
        />
      }
    >
      <EChart option={option} label={t('dash.funnelTitle')} testId="funnel-chart" height={280} />
      {funnel.data && (
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} data-testid="funnel-totals">
          <Descriptions.Item label={t('dash.closedRevenue')}>
            {format.money(funnel.data.closedRevenue, funnel.data.currency)}
          </Descriptions.Item>
          <Descriptions.Item label={t('dash.weighted')}>
            {format.money(funnel.data.weightedPipeline, funnel.data.currency)}
          </Descriptions.Item>
          <Descriptions.Item label={t('dash.forecast')}>
            {format.money(funnel.data.forecast, funnel.data.currency)}
          </Descriptions.Item>
          <Descriptions.Item label={t('dash.openAmount')}>
            {format.money(funnel.data.openAmount, funnel.data.currency)}
          </Descriptions.Item>
        </Descriptions>
      )}
      {funnel.data && funnel.data.byCurrency.length > 0 && (
        <TableRegion label={t('dash.byCurrency')}>
          <div data-testid="funnel-by-currency">
            <Table<CurrencyForecast>
              rowKey="currency"
              size="small"
              title={() => t('dash.byCurrency')}
              dataSource={[...funnel.data.byCurrency]}
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
      <TableRegion label={t('dash.funnelTitle')}>
        <Table<FunnelStage>
          rowKey="stage"
          size="small"
          loading={funnel.isPending}
          dataSource={[...stages]}
          pagination={false}
          columns={[
            {
              title: t('dash.stage'),
              dataIndex: 'stage',
              render: (stage: string) => t(`dash.stage.${stage}` as MessageKey),
            },
            {
              title: t('dash.winRate'),
              dataIndex: 'winRate',
              render: (rate: number) => format.percent(rate),
            },
            { title: t('dash.opportunities'), dataIndex: 'opportunities' },
            {
              title: t('dash.amount'),
              dataIndex: 'amount',
              render: (amount: number) => format.money(amount, funnel.data?.currency),
            },
          ]}
        />
      </TableRegion>
    </Card>
  );
}
