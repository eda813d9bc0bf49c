import { useMemo } from 'react';
import { Card, Empty, Tabs, Tag } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { mayCall, type SessionView } from '@console/shared/api/session';
import { apiCall } from '@console/shared/export/export-csv-button';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { cardTitle } from '@console/shared/ui/card-title';
import { TableCard } from '@console/shared/ui/figure-card';
import { FigureTable, type FigureTableProps } from '@console/shared/ui/figure-table';
import type { ComplaintListItem } from '@console/features/complaints/complaints.queries';
import type { VisitListItem } from '@console/features/reps-day/reps-day.queries';
import {
  useCustomerComplaints,
  useCustomerOpportunities,
  useCustomerVisits,
  useSatisfactionTrend,
  type OpportunityListItem,
  type SatisfactionTrend,
} from './customer-360.queries';

/** What each section of the 360 page is given: the customer and the caller's session. */
export interface CustomerSectionProps {
  readonly customerId: string;
  readonly session: SessionView;
}

type TrendRow = SatisfactionTrend['points'][number] & {
  readonly key: string;
  readonly alert: string | null;
};

/**
 * D6 for one customer: the CSI after each score as a line against the alert floor, the alerts
 * marked on it, and every score in the table below (what the chart is drawn from).
 */
export function SatisfactionTrendCard({ customerId, session }: CustomerSectionProps) {
  const { t } = useI18n();
  const format = useFormat();
  const path = '/analytics/customers/{id}/satisfaction';
  const allowed = mayCall(session, `GET analytics ${path}`);
  const trend = useSatisfactionTrend(customerId, allowed);
  const rows = useMemo<TrendRow[]>(() => {
    const alertAt = new Map(trend.data?.alerts.map((alert) => [alert.at, alert.reason]));
    return (trend.data?.points ?? []).map((point, index) => ({
      ...point,
      key: String(index),
      alert: alertAt.get(point.at) ?? null,
    }));
  }, [trend.data]);
  const option = useMemo<EChartsCoreOption | undefined>(() => {
    if (!trend.data || rows.length === 0) return undefined;
    const floor = trend.data.floor;
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('dash.csi'), t('customer360.alert')] },
      grid: { left: 40, right: 72, top: 32, bottom: 32 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [
        {
          name: t('dash.csi'),
          type: 'line',
          data: rows.map((row) => [row.at, row.csi]),
          markLine: {
            symbol: 'none',
            lineStyle: { type: 'dashed', color: '#cf1322' },
            label: { formatter: `${t('customer360.csiFloor')} ${floor}` },
            data: [{ yAxis: floor }],
          },
        },
        {
          name: t('customer360.alert'),
          type: 'scatter',
          symbolSize: 14,
          itemStyle: { color: '#cf1322' },
          data: trend.data.alerts.map((alert) => [alert.at, alert.csi]),
        },
      ],
    };
  }, [trend.data, rows, t]);
  if (!allowed) return null;
  return (
    <TableCard<TrendRow>
      title={t('customer360.csiTrend')}
      testId="csi-trend"
      chart={{ option, testId: 'csi-trend-chart', height: 240 }}
      table="customer360.csi-trend"
      call={apiCall('analytics', path.replace('{id}', customerId))}
      rows={rows}
      rowKey="key"
      loading={trend.isPending}
      pagination={{ pageSize: 10 }}
      columns={[
        { key: 'at', title: t('customer360.date'), value: (row) => format.dateTime(row.at) },
        {
          key: 'source',
          title: t('customer360.scoreSource'),
          value: (row) => t(`customer360.source.${row.source}` as MessageKey),
        },
        { key: 'score', title: t('customer360.score'), value: (row) => row.score },
        { key: 'csi', title: t('customer360.csiAfter'), value: (row) => format.number(row.csi) },
        {
          key: 'alert',
          title: t('customer360.alert'),
          value: (row) =>
            row.alert ? t(`customer360.alert.${row.alert}` as MessageKey) : undefined,
          render: (row) =>
            row.alert ? (
              <Tag color="red">{t(`customer360.alert.${row.alert}` as MessageKey)}</Tag>
            ) : (
              '—'
            ),
        },
      ]}
    >
      {!option && !trend.isPending && <Empty description={t('customer360.noScores')} />}
    </TableCard>
  );
}

/**
 * What the customer had with us, from the services that own it: visits, opportunities and
 * complaints, each tab only for a role that may read it.
 */
export function ActivityCard({ customerId, session }: CustomerSectionProps) {
  const { t } = useI18n();
  const format = useFormat();
  const may = {
    visits: mayCall(session, 'GET visits /visits'),
    opportunities: mayCall(session, 'GET visits /opportunities'),
    complaints: mayCall(session, 'GET complaints /complaints'),
  };
  const visits = useCustomerVisits(customerId, may.visits);
  const opportunities = useCustomerOpportunities(customerId, may.opportunities);
  const complaints = useCustomerComplaints(customerId, may.complaints);
  const query = { customerId, limit: 100 };
  /** One tab: the customer's latest of one kind (a page of `list`), from the service owning them. */
  const tab = <TRow extends object>(
    key: string,
    allowed: boolean,
    list: { readonly data?: { readonly items: readonly TRow[] }; readonly isPending: boolean },
    table: Pick<FigureTableProps<TRow>, 'call' | 'rowKey' | 'columns'>,
  ) =>
    allowed && {
      key,
      label: t(`customer360.${key}` as MessageKey),
      children: (
        <FigureTable<TRow>
          table={`customer360.${key}`}
          label={t(`customer360.${key}` as MessageKey)}
          rows={list.data?.items}
          loading={list.isPending}
          {...table}
        />
      ),
    };
  const tabs = [
    tab<VisitListItem>('visits', may.visits, visits, {
      call: apiCall('visits', '/visits', query),
      rowKey: 'visitId',
      columns: [
        {
          key: 'plannedDate',
          title: t('reps.plannedDate'),
          value: (visit) => format.date(visit.plannedDate),
        },
        {
          key: 'channel',
          title: t('reps.visitChannel'),
          value: (visit) => t(`reps.visitChannel.${visit.channel}` as MessageKey),
        },
        { key: 'purpose', title: t('reps.purpose'), value: (visit) => visit.purpose },
        { key: 'status', title: t('common.status'), value: (visit) => visit.status },
        {
          key: 'feedbackScore',
          title: t('reps.feedbackScore'),
          value: (visit) => visit.feedbackScore,
        },
      ],
    }),
    tab<OpportunityListItem>('opportunities', may.opportunities, opportunities, {
      call: apiCall('visits', '/opportunities', query),
      rowKey: 'opportunityId',
      columns: [
        { key: 'title', title: t('customer360.opportunity'), value: (o) => o.title },
        {
          key: 'stage',
          title: t('dash.stage'),
          value: (o) => t(`dash.stage.${o.stage}` as MessageKey),
        },
        { key: 'status', title: t('common.status'), value: (o) => o.status },
        {
          key: 'amount',
          title: t('dash.amount'),
          value: (o) => format.money(o.amount, o.currency),
        },
        {
          key: 'expectedCloseDate',
          title: t('customer360.expectedClose'),
          value: (o) => format.date(o.expectedCloseDate),
        },
      ],
    }),
    tab<ComplaintListItem>('complaints', may.complaints, complaints, {
      call: apiCall('complaints', '/complaints', query),
      rowKey: 'complaintId',
      columns: [
        {
          key: 'recordedAt',
          title: t('customer360.date'),
          value: (c) => format.dateTime(c.recordedAt),
        },
        { key: 'category', title: t('complaints.category'), value: (c) => c.category },
        { key: 'severity', title: t('complaints.severity'), value: (c) => c.severity },
        { key: 'status', title: t('common.status'), value: (c) => c.status },
      ],
    }),
  ].filter((entry) => entry !== false);
  if (tabs.length === 0) return null;
  return (
    <Card title={cardTitle(t('customer360.activity'))} data-testid="customer-activity">
      <Tabs items={tabs} />
    </Card>
  );
}
