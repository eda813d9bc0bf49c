import { useMemo } from 'react';
import { Alert, Card, Descriptions, Space, Table, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import { OpenCustomer } from '@console/shared/ui/open-customer';
import { TableRegion } from '@console/shared/ui/table-region';
import { apiCall, ExportCsvButton } from '@console/shared/export/export-csv-button';
import { EChart } from '@console/shared/ui/echart';
import {
  TIERS,
  TIERS_QUERY,
  useTiers,
  type TierMember,
  type TierRecomputation,
  type TiersView,
} from './abc.queries';

/**
 * The manager's ABC page: the latest recomputation's shares of revenue and of customers per tier,
 * exactly as analytics computed them (the chart and the table below show the same figures).
 */
export function AbcPage() {
  const { t } = useI18n();
  const format = useFormat();
  const tiers = useTiers();
  const run = tiers.data?.latestRecomputation ?? null;
  const healthy = tiers.data?.healthyMix;
  const option = useMemo<EChartsCoreOption | undefined>(
    () =>
      run && healthy
        ? {
            tooltip: { trigger: 'axis' },
            legend: { top: 0, data: [t('abc.revenue'), t('abc.members'), t('abc.healthyMix')] },
            grid: { left: 48, right: 16, bottom: 32, top: 40 },
            xAxis: { type: 'category', data: [...TIERS] },
            yAxis: {
              type: 'value',
              max: 1,
              axisLabel: { formatter: (value: number) => format.percent(value) },
            },
            series: [
              {
                name: t('abc.revenue'),
                type: 'bar',
                data: TIERS.map((tier) => run.revenueShares[tier]),
              },
              {
                name: t('abc.members'),
                type: 'line',
                data: TIERS.map((tier) => run.countShares[tier]),
              },
              {
                name: t('abc.healthyMix'),
                type: 'line',
                lineStyle: { type: 'dashed' },
                data: TIERS.map((tier) => healthy!.shares[tier]),
              },
            ],
          }
        : undefined,
    [run, healthy, t, format],
  );
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('abc.title')}
      </Typography.Title>
      {tiers.isSuccess && !run && <Alert type="info" message={t('abc.noRun')} />}
      {run && (
        <Card title={<h2 className="card-title">{t('abc.pareto')}</h2>}>
          {run.skewed && (
            <Alert type="warning" showIcon message={t('abc.skewed')} style={{ marginBottom: 12 }} />
          )}
          {option && <EChart option={option} label={t('abc.pareto')} testId="pareto-chart" />}
          {tiers.data && healthy && (
            <ShareTable run={run} healthy={healthy} currency={tiers.data.currency} />
          )}
        </Card>
      )}
      <Card
        title={<h2 className="card-title">{t('abc.members')}</h2>}
        extra={
          <ExportCsvButton<TierMember>
            table="abc.members"
            call={apiCall('analytics', '/analytics/tiers', TIERS_QUERY)}
            rows={tiers.data?.members.items}
            columns={[
              { title: t('common.customer'), value: (member) => member.name ?? member.customerId },
              { title: 'customerId', value: (member) => member.customerId },
              { title: t('board.rep'), value: (member) => member.ownerId },
              { title: t('reps.tier'), value: (member) => member.tier },
              { title: 'since', value: (member) => member.since },
            ]}
          />
        }
      >
        <TableRegion label={t('abc.members')}>
          <Table<TierMember>
            rowKey="customerId"
            loading={tiers.isPending}
            dataSource={tiers.data ? [...tiers.data.members.items] : []}
            pagination={{ pageSize: 20 }}
            columns={[
              {
                title: t('common.customer'),
                render: (_, member) => member.name ?? member.customerId,
              },
              { title: t('board.rep'), dataIndex: 'ownerId' },
              { title: t('reps.tier'), dataIndex: 'tier' },
              {
                title: 'since',
                dataIndex: 'since',
                render: (value: string | null) => format.date(value),
              },
              {
                title: t('nav.customer360'),
                render: (_, member) => (
                  <OpenCustomer
                    customerId={member.customerId}
                    label={member.name ?? member.customerId}
                  />
                ),
              },
            ]}
          />
        </TableRegion>
      </Card>
    </Space>
  );
}

/** The chart's figures as a table: for screen readers, and for checking against the API. */
function ShareTable({
  run,
  healthy,
  currency,
}: {
  readonly run: TierRecomputation;
  readonly healthy: TiersView['healthyMix'];
  readonly currency: string;
}) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <>
      <table className="figures" data-testid="pareto-figures">
        <caption>{t('abc.pareto')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reps.tier')}</th>
            <th scope="col">{t('abc.revenue')}</th>
            <th scope="col">{t('abc.members')}</th>
            <th scope="col">{t('abc.healthyMix')}</th>
          </tr>
        </thead>
        <tbody>
          {TIERS.map((tier) => (
            <tr
              key={tier}
              data-tier={tier}
              data-revenue-share={run.revenueShares[tier]}
              data-count-share={run.countShares[tier]}
            >
              <th scope="row">{tier}</th>
              <td>
                {format.percent(run.revenueShares[tier])} (
                {format.money(run.revenue[tier], currency)})
              </td>
              <td>
                {format.percent(run.countShares[tier])} ({format.number(run.counts[tier])})
              </td>
              <td data-healthy-share={healthy.shares[tier]}>
                {format.percent(healthy.shares[tier])} ±{format.percent(healthy.tolerance)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('abc.revenue')}>
          {format.money(run.totalRevenue, currency)}
        </Descriptions.Item>
        <Descriptions.Item label={t('abc.members')}>
          {format.number(run.customers)}
        </Descriptions.Item>
      </Descriptions>
    </>
  );
}
