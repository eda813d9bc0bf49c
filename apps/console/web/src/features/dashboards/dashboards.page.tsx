import { useMemo, useState } from 'react';
import { Descriptions, Grid, Segmented, Select, Space, Tabs } from 'antd';
import { useComplianceColumns } from '@console/features/reps-day/compliance.columns';
import { mayCall, type SessionView } from '@console/shared/api/session';
import { apiCall } from '@console/shared/export/export-csv-button';
import { optionsOf } from '@console/shared/forms/form-grid';
import { monthIn } from '@console/shared/format/calendar';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { categoryChart } from '@console/shared/ui/category-chart';
import { ConsolePage } from '@console/shared/ui/console-page';
import { MonthInput } from '@console/shared/ui/month-input';
import { ChartCard, TableCard } from '@console/shared/ui/figure-card';
import { formatted } from '@console/shared/ui/figure-table';
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
import { LoyaltyPanel } from './loyalty.panel';

/** D6: CSI per region, rep or tier, with the customers below the alert floor, and who they are. */
function SatisfactionPanel() {
  const { t } = useI18n();
  const format = useFormat();
  const [groupBy, setGroupBy] = useState<CsiGrouping>('region');
  const report = useSatisfaction(groupBy);
  const option = useMemo(() => {
    const groups = report.data?.groups ?? [];
    return categoryChart({
      categories: groups.map((group) => group.key),
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
    });
  }, [report.data, t]);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Segmented<CsiGrouping>
        aria-label={t('dash.groupBy')}
        value={groupBy}
        onChange={setGroupBy}
        options={optionsOf(CSI_GROUPINGS, 'dash.by', t)}
      />
      <TableCard<SatisfactionGroup>
        title={t('dash.csiTitle')}
        chart={{ option, testId: 'csi-chart', height: 280 }}
        table={`dashboards.csi-by-${groupBy}`}
        call={apiCall('analytics', '/analytics/satisfaction', { groupBy })}
        rows={report.data?.groups}
        rowKey="key"
        size="small"
        loading={report.isPending}
        columns={[
          { key: 'key', title: t(`dash.by.${groupBy}` as MessageKey), value: (group) => group.key },
          formatted(
            { key: 'csi', title: t('dash.csi'), value: (group) => group.csi },
            format.number,
          ),
          { key: 'customers', title: t('board.customers'), value: (group) => group.customers },
          { key: 'scores', title: t('dash.scores'), render: (group) => group.scores },
          { key: 'atRisk', title: t('dash.atRisk'), value: (group) => group.atRisk },
        ]}
      />
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
  const complianceColumns = useComplianceColumns<RepCompliance>();
  const tiers = (['A', 'B', 'C'] as const).map((tier) => ({
    tier,
    ...(report.data?.byTier[tier] ?? null),
  }));
  const option = useMemo(() => {
    const reps = report.data?.byRep;
    if (!reps) return undefined;
    return categoryChart({
      categories: reps.map((rep) => rep.repId),
      axisLabel: { rotate: 30 },
      yAxis: {
        type: 'value',
        min: 0,
        max: 1,
        axisLabel: { formatter: (value: number) => format.percent(value) },
      },
      series: [
        { name: t('reps.compliance'), type: 'bar', data: reps.map((rep) => rep.compliance) },
      ],
    });
  }, [report.data, t, format]);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ChartCard
        title={t('dash.complianceByRep')}
        chart={{ option, testId: 'compliance-chart', height: 280 }}
      >
        <Descriptions size="small" column={{ xs: 1, sm: 3 }} data-testid="compliance-tiers">
          {tiers.map((tier) => (
            <Descriptions.Item key={tier.tier} label={`${t('reps.tier')} ${tier.tier}`}>
              {format.percent(tier.compliance)} ({format.number(tier.completed ?? null)} /{' '}
              {format.number(tier.required ?? null)})
            </Descriptions.Item>
          ))}
        </Descriptions>
      </ChartCard>
      <TableCard<RepCompliance>
        title={t('dash.complianceTable')}
        table="dashboards.visit-compliance"
        call={apiCall('analytics', '/analytics/visit-compliance', { month })}
        rows={report.data?.byRep}
        rowKey="repId"
        size="small"
        loading={report.isPending}
        columns={[
          { key: 'repId', title: t('board.rep'), value: (rep) => rep.repId },
          { key: 'customers', title: t('board.customers'), render: (rep) => rep.customers },
          ...complianceColumns,
        ]}
      />
    </Space>
  );
}

/**
 * The manager's dashboards, one at a time: satisfaction (CSI) by region, rep and tier; visit
 * compliance by rep and tier; the funnel and forecast by stage; loyalty (repeat purchases, retention,
 * tenure) for the month or the last twelve months; the customers drifting away with
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
      key: 'loyalty',
      call: 'GET analytics /analytics/loyalty',
      label: t('dash.tab.loyalty'),
      children: <LoyaltyPanel month={month} />,
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
    <ConsolePage title={t('nav.dashboards')}>
      <MonthInput month={month} onChange={setMonth} />
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
    </ConsolePage>
  );
}
