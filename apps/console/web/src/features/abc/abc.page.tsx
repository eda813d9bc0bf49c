import { useMemo } from 'react';
import { Alert, Card, Descriptions } from 'antd';
import { apiCall } from '@console/shared/export/export-csv-button';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import { cardTitle } from '@console/shared/ui/card-title';
import { categoryChart } from '@console/shared/ui/category-chart';
import { ChartFigures } from '@console/shared/ui/chart-figures';
import { ConsolePage } from '@console/shared/ui/console-page';
import { EChart } from '@console/shared/ui/echart';
import { TableCard } from '@console/shared/ui/figure-card';
import { formatted } from '@console/shared/ui/figure-table';
import { openCustomerColumn } from '@console/shared/ui/open-customer';
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
  const option = useMemo(
    () =>
      run && healthy
        ? categoryChart({
            categories: TIERS,
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
                data: TIERS.map((tier) => healthy.shares[tier]),
              },
            ],
          })
        : undefined,
    [run, healthy, t, format],
  );
  return (
    <ConsolePage title={t('abc.title')}>
      {tiers.isSuccess && !run && <Alert type="info" message={t('abc.noRun')} />}
      {run && (
        <Card title={cardTitle(t('abc.pareto'))}>
          {run.skewed && (
            <Alert type="warning" showIcon message={t('abc.skewed')} style={{ marginBottom: 12 }} />
          )}
          {option && <EChart option={option} label={t('abc.pareto')} testId="pareto-chart" />}
          {tiers.data && healthy && (
            <ShareTable run={run} healthy={healthy} currency={tiers.data.currency} />
          )}
        </Card>
      )}
      <TableCard<TierMember>
        title={t('abc.members')}
        table="abc.members"
        call={apiCall('analytics', '/analytics/tiers', TIERS_QUERY)}
        rows={tiers.data?.members.items}
        rowKey="customerId"
        loading={tiers.isPending}
        columns={[
          {
            key: 'customer',
            title: t('common.customer'),
            value: (member) => member.name ?? member.customerId,
          },
          {
            key: 'customerId',
            title: 'customerId',
            value: (member) => member.customerId,
            exportOnly: true,
          },
          { key: 'ownerId', title: t('board.rep'), value: (member) => member.ownerId },
          { key: 'tier', title: t('reps.tier'), value: (member) => member.tier },
          formatted({ key: 'since', title: 'since', value: (member) => member.since }, format.date),
          openCustomerColumn(t('nav.customer360'), (member) => member.name ?? member.customerId),
        ]}
      />
    </ConsolePage>
  );
}

/** The chart's figures as a table, with the totals they are shares of. */
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
      <ChartFigures
        caption={t('abc.pareto')}
        testId="pareto-figures"
        columns={[t('reps.tier'), t('abc.revenue'), t('abc.members'), t('abc.healthyMix')]}
        rows={TIERS.map((tier) => ({
          key: tier,
          head: tier,
          data: {
            'data-tier': tier,
            'data-revenue-share': run.revenueShares[tier],
            'data-count-share': run.countShares[tier],
            'data-healthy-share': healthy.shares[tier],
          },
          cells: [
            `${format.percent(run.revenueShares[tier])} (${format.money(run.revenue[tier], currency)})`,
            `${format.percent(run.countShares[tier])} (${format.number(run.counts[tier])})`,
            `${format.percent(healthy.shares[tier])} ±${format.percent(healthy.tolerance)}`,
          ],
        }))}
      />
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
