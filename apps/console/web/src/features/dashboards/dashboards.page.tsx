import { useMemo, useState } from 'react';
import { Card, Descriptions, Input, Segmented, Space, Table, Tabs, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { mayCall, type SessionView } from '@console/shared/api/session';
import { apiCall, ExportCsvButton } from '@console/shared/export/export-csv-button';
import { monthIn } from '@console/shared/format/calendar';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { EChart } from '@console/shared/ui/echart';
import { TableRegion } from '@console/shared/ui/table-region';
import {
  CSI_GROUPINGS,
  useComplaintKpis,
  useFunnel,
  useSatisfaction,
  useVisitCompliance,
  type ComplaintKpiSet,
  type ComplianceTally,
  type CsiGrouping,
  type CurrencyForecast,
  type FunnelView,
  type SatisfactionGroup,
} from './dashboards.queries';

const cardTitle = (text: string) => <h2 className="card-title">{text}</h2>;

/** D6: CSI per region, rep or tier, with the customers below the alert floor. */
function SatisfactionPanel() {
  const { t } = useI18n();
  const format = useFormat();
  const [groupBy, setGroupBy] = useState<CsiGrouping>('region');
  const report = useSatisfaction(groupBy);
  const groups = useMemo(() => report.data?.groups ?? [], [report.data]);
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('dash.csi'), t('dash.atRisk')] },
      grid: { left: 40, right: 40, bottom: 48, top: 40 },
      xAxis: { type: 'category', data: groups.map((group) => group.key) },
      yAxis: [
        { type: 'value', min: 0, max: 100 },
        { type: 'value', minInterval: 1 },
      ],
      series: [
        { name: t('dash.csi'), type: 'bar', data: groups.map((group) => group.csi) },
        {
          name: t('dash.atRisk'),
          type: 'line',
          yAxisIndex: 1,
          data: groups.map((group) => group.atRisk),
        },
      ],
    }),
    [groups, t],
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Segmented<CsiGrouping>
        aria-label={t('dash.groupBy')}
        value={groupBy}
        onChange={setGroupBy}
        options={CSI_GROUPINGS.map((value) => ({
          value,
          label: t(`dash.by.${value}` as MessageKey),
        }))}
      />
      <Card
        title={cardTitle(t('dash.csiTitle'))}
        extra={
          <ExportCsvButton<SatisfactionGroup>
            table={`dashboards.csi-by-${groupBy}`}
            call={apiCall('analytics', '/analytics/satisfaction', { groupBy })}
            rows={report.data?.groups}
            columns={[
              { title: t(`dash.by.${groupBy}` as MessageKey), value: (group) => group.key },
              { title: t('dash.csi'), value: (group) => group.csi },
              { title: t('board.customers'), value: (group) => group.customers },
              { title: t('dash.atRisk'), value: (group) => group.atRisk },
            ]}
          />
        }
      >
        <EChart option={option} label={t('dash.csiTitle')} testId="csi-chart" height={280} />
        <TableRegion label={t('dash.csiTitle')}>
          <Table<SatisfactionGroup>
            rowKey="key"
            size="small"
            loading={report.isPending}
            dataSource={[...groups]}
            pagination={{ pageSize: 20 }}
            columns={[
              { title: t(`dash.by.${groupBy}` as MessageKey), dataIndex: 'key' },
              {
                title: t('dash.csi'),
                dataIndex: 'csi',
                render: (value: number | null) => format.number(value),
              },
              { title: t('board.customers'), dataIndex: 'customers' },
              { title: t('dash.scores'), dataIndex: 'scores' },
              { title: t('dash.atRisk'), dataIndex: 'atRisk' },
            ]}
          />
        </TableRegion>
      </Card>
    </Space>
  );
}

type RepCompliance = ComplianceTally & { readonly repId: string };

/** D4: the month's completed ÷ required visits by tier and by rep. */
function CompliancePanel({ month }: { readonly month: string }) {
  const { t } = useI18n();
  const format = useFormat();
  const report = useVisitCompliance(month, true);
  const tiers = (['A', 'B', 'C'] as const).map((tier) => ({
    tier,
    ...(report.data?.byTier[tier] ?? null),
  }));
  const option = useMemo<EChartsCoreOption | undefined>(() => {
    if (!report.data) return undefined;
    const reps = report.data.byRep;
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, bottom: 64, top: 24 },
      xAxis: { type: 'category', data: reps.map((rep) => rep.repId), axisLabel: { rotate: 30 } },
      yAxis: {
        type: 'value',
        min: 0,
        max: 1,
        axisLabel: { formatter: (value: number) => format.percent(value) },
      },
      series: [
        { name: t('reps.compliance'), type: 'bar', data: reps.map((rep) => rep.compliance) },
      ],
    };
  }, [report.data, t, format]);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={cardTitle(t('dash.complianceByRep'))}>
        {option && (
          <EChart
            option={option}
            label={t('dash.complianceByRep')}
            testId="compliance-chart"
            height={280}
          />
        )}
        <Descriptions size="small" column={{ xs: 1, sm: 3 }} data-testid="compliance-tiers">
          {tiers.map((tier) => (
            <Descriptions.Item key={tier.tier} label={`${t('reps.tier')} ${tier.tier}`}>
              {format.percent(tier.compliance)} ({format.number(tier.completed ?? null)} /{' '}
              {format.number(tier.required ?? null)})
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>
      <Card
        title={cardTitle(t('dash.complianceTable'))}
        extra={
          <ExportCsvButton<RepCompliance>
            table="dashboards.visit-compliance"
            call={apiCall('analytics', '/analytics/visit-compliance', { month })}
            rows={report.data?.byRep}
            columns={[
              { title: t('board.rep'), value: (rep) => rep.repId },
              { title: t('reps.required'), value: (rep) => rep.required },
              { title: t('reps.planned'), value: (rep) => rep.planned },
              { title: t('reps.completedVisits'), value: (rep) => rep.completed },
              { title: t('reps.compliance'), value: (rep) => rep.compliance },
            ]}
          />
        }
      >
        <TableRegion label={t('dash.complianceTable')}>
          <Table<RepCompliance>
            rowKey="repId"
            size="small"
            loading={report.isPending}
            dataSource={report.data ? [...report.data.byRep] : []}
            pagination={{ pageSize: 20 }}
            columns={[
              { title: t('board.rep'), dataIndex: 'repId' },
              { title: t('board.customers'), dataIndex: 'customers' },
              { title: t('reps.required'), dataIndex: 'required' },
              { title: t('reps.planned'), dataIndex: 'planned' },
              { title: t('reps.completedVisits'), dataIndex: 'completed' },
              {
                title: t('reps.compliance'),
                dataIndex: 'compliance',
                render: (value: number | null) => format.percent(value),
              },
            ]}
          />
        </TableRegion>
      </Card>
    </Space>
  );
}

type FunnelStage = FunnelView['stages'][number];

/** D10: open opportunities per stage, and the month's forecast. */
function FunnelPanel({ month }: { readonly month: string }) {
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
              render: (amount: number) => format.money(amount),
            },
          ]}
        />
      </TableRegion>
    </Card>
  );
}

type KpiRow = ComplaintKpiSet & { readonly severity: string };

/** D7: resolution time (the headline figure), SLA breaches and validity, by severity. */
function ComplaintKpiPanel() {
  const { t } = useI18n();
  const format = useFormat();
  const kpis = useComplaintKpis(true);
  const rows = useMemo<KpiRow[]>(
    () =>
      Object.entries(kpis.data?.bySeverity ?? {}).map(([severity, set]) => ({ severity, ...set })),
    [kpis.data],
  );
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: ['P50', 'P90'] },
      grid: { left: 48, right: 16, bottom: 32, top: 40 },
      xAxis: { type: 'category', data: rows.map((row) => row.severity) },
      yAxis: { type: 'value', name: t('dash.hours') },
      series: [
        { name: 'P50', type: 'bar', data: rows.map((row) => row.resolutionHours.p50) },
        { name: 'P90', type: 'bar', data: rows.map((row) => row.resolutionHours.p90) },
      ],
    }),
    [rows, t],
  );
  const overall = kpis.data?.overall;
  return (
    <Card
      title={cardTitle(t('dash.kpiTitle'))}
      extra={
        <ExportCsvButton<KpiRow>
          table="dashboards.complaint-kpis"
          call={apiCall('analytics', '/analytics/complaints/kpis')}
          rows={kpis.data ? rows : undefined}
          columns={[
            { title: t('complaints.severity'), value: (row) => row.severity },
            { title: t('dash.complaints'), value: (row) => row.complaints },
            { title: t('dash.open'), value: (row) => row.open },
            { title: 'P50', value: (row) => row.resolutionHours.p50 },
            { title: 'P90', value: (row) => row.resolutionHours.p90 },
            { title: t('dash.breachRate'), value: (row) => row.slaBreachRate },
            { title: t('dash.validityRate'), value: (row) => row.validityRate },
          ]}
        />
      }
    >
      <EChart option={option} label={t('dash.kpiTitle')} testId="kpi-chart" height={260} />
      {overall && (
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('dash.complaints')}>
            {format.number(overall.complaints)}
          </Descriptions.Item>
          <Descriptions.Item label={t('dash.medianHours')}>
            {format.number(overall.resolutionHours.p50)}
          </Descriptions.Item>
          <Descriptions.Item label={t('dash.breachRate')}>
            {format.percent(overall.slaBreachRate)}
          </Descriptions.Item>
          <Descriptions.Item label={t('dash.validityRate')}>
            {format.percent(overall.validityRate)}
          </Descriptions.Item>
        </Descriptions>
      )}
      <TableRegion label={t('dash.kpiTitle')}>
        <Table<KpiRow>
          rowKey="severity"
          size="small"
          loading={kpis.isPending}
          dataSource={rows}
          pagination={false}
          columns={[
            { title: t('complaints.severity'), dataIndex: 'severity' },
            { title: t('dash.complaints'), dataIndex: 'complaints' },
            { title: t('dash.open'), dataIndex: 'open' },
            {
              title: 'P50',
              key: 'p50',
              render: (_, row) => format.number(row.resolutionHours.p50),
            },
            {
              title: 'P90',
              key: 'p90',
              render: (_, row) => format.number(row.resolutionHours.p90),
            },
            {
              title: t('dash.breachRate'),
              dataIndex: 'slaBreachRate',
              render: (value: number | null) => format.percent(value),
            },
            {
              title: t('dash.validityRate'),
              dataIndex: 'validityRate',
              render: (value: number | null) => format.percent(value),
            },
          ]}
        />
      </TableRegion>
    </Card>
  );
}

/**
 * The manager's dashboards, one at a time: satisfaction (CSI) by region, rep and tier; visit
 * compliance by rep and tier; the funnel and forecast by stage; complaint KPIs. Charts first,
 * tables below, every figure as analytics answers it; a tab shows only if its call is offered.
 */
export function DashboardsPage({ session }: { readonly session: SessionView }) {
  const { t, timeZone } = useI18n();
  const [month, setMonth] = useState(() => monthIn(timeZone));
  const tabs = [
    {
      key: 'csi',
      call: 'GET analytics /analytics/satisfaction',
      label: t('dash.tab.csi'),
      children: <SatisfactionPanel />,
    },
    {
      key: 'compliance',
      call: 'GET analytics /analytics/visit-compliance',
      label: t('dash.tab.compliance'),
      children: <CompliancePanel month={month} />,
    },
    {
      key: 'funnel',
      call: 'GET analytics /analytics/funnel',
      label: t('dash.tab.funnel'),
      children: <FunnelPanel month={month} />,
    },
    {
      key: 'complaints',
      call: 'GET analytics /analytics/complaints/kpis',
      label: t('dash.tab.complaints'),
      children: <ComplaintKpiPanel />,
    },
  ].filter((tab) => mayCall(session, tab.call));
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('nav.dashboards')}
      </Typography.Title>
      <Input
        type="month"
        aria-label={t('board.month')}
        value={month}
        onChange={(event) => event.target.value && setMonth(event.target.value)}
        style={{ width: 180 }}
      />
      <Tabs
        destroyOnHidden
        items={tabs.map(({ key, label, children }) => ({ key, label, children }))}
      />
    </Space>
  );
}
