import { useMemo, useState } from 'react';
import {
  Card,
  Descriptions,
  Grid,
  Input,
  Segmented,
  Select,
  Space,
  Table,
  Tabs,
  Typography,
} from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { mayCall, type SessionView } from '@console/shared/api/session';
import { apiCall, ExportCsvButton } from '@console/shared/export/export-csv-button';
import { monthIn } from '@console/shared/format/calendar';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { EChart } from '@console/shared/ui/echart';
import { TableRegion } from '@console/shared/ui/table-region';
import { cardTitle } from '@console/shared/ui/card-title';
import {
  CSI_GROUPINGS,
  useSatisfaction,
  useVisitCompliance,
  type ComplianceTally,
  type CsiGrouping,
  type SatisfactionGroup,
} from './dashboards.queries';
import { CardCompletenessPanel } from './card-completeness.panel';
import { ComplaintKpiPanel } from './complaint-kpis.panel';
import { CustomersAtRiskCard } from './customers-at-risk.card';
import { DriftingCustomersPanel } from './drifting-customers.panel';
import { FunnelPanel } from './funnel.panel';

/** D6: CSI per region, rep or tier, with the customers below the alert floor, and who they are. */
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
      <CustomersAtRiskCard />
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

/**
 * The manager's dashboards, one at a time: satisfaction (CSI) by region, rep and tier; visit
 * compliance by rep and tier; the funnel and forecast by stage; the customers drifting away with
 * their reactivation calls; the completeness of each rep's customer cards; complaint KPIs. Charts
 * first, tables below, every figure as the services answer it; a tab shows only if its call is
 * offered.
 */
export function DashboardsPage({ session }: { readonly session: SessionView }) {
  const { t, timeZone } = useI18n();
  const [month, setMonth] = useState(() => monthIn(timeZone));
  const [active, setActive] = useState<string | undefined>();
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
      key: 'drift',
      call: 'GET analytics /analytics/lifecycle',
      label: t('dash.tab.drift'),
      children: <DriftingCustomersPanel session={session} />,
    },
    {
      key: 'completeness',
      call: 'GET customers /customers/completeness',
      label: t('dash.tab.completeness'),
      children: <CardCompletenessPanel />,
    },
    {
      key: 'complaints',
      call: 'GET analytics /analytics/complaints/kpis',
      label: t('dash.tab.complaints'),
      children: <ComplaintKpiPanel />,
    },
  ].filter((tab) => mayCall(session, tab.call));
  // At phone width the tabs would not fit: Ant Design then folds them under a button inside the
  // tab list, which a screen reader cannot make sense of (axe: aria-required-children). A list
  // to choose from instead, the same dashboards behind it.
  const narrow = Grid.useBreakpoint().md === false;
  const shown = tabs.some((tab) => tab.key === active) ? active : tabs[0]?.key;
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
      {narrow ? (
        <Select
          aria-label={t('dash.choose')}
          value={shown}
          onChange={setActive}
          options={tabs.map(({ key, label }) => ({ value: key, label }))}
          style={{ width: '100%' }}
        />
      ) : (
        <Tabs
          activeKey={shown}
          onChange={setActive}
          items={tabs.map(({ key, label }) => ({ key, label }))}
        />
      )}
      {/* Below either control, in the same place: a dashboard keeps its state when the width changes. */}
      <div key={shown}>{tabs.find((tab) => tab.key === shown)?.children}</div>
    </Space>
  );
}
