import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, List, Row, Select, Space, Tag, Typography } from 'antd';
import { useComplianceColumns } from '@console/features/reps-day/compliance.columns';
import { LogVisit } from '@console/features/reps-day/log-visit.dialog';
import {
  useVisitPlan,
  type RouteSuggestion,
  type VisitPlanRow,
} from '@console/features/reps-day/reps-day.queries';
import { hasRole, type SessionView } from '@console/shared/api/session';
import { apiCall } from '@console/shared/export/export-csv-button';
import { monthIn } from '@console/shared/format/calendar';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import { cardTitle } from '@console/shared/ui/card-title';
import { categoryChart } from '@console/shared/ui/category-chart';
import { ChartFigures } from '@console/shared/ui/chart-figures';
import { ConsolePage } from '@console/shared/ui/console-page';
import { MonthInput } from '@console/shared/ui/month-input';
import { ChartCard, TableCard } from '@console/shared/ui/figure-card';

const WEEKS = [1, 2, 3, 4, 5] as const;
/** The week of the month a `YYYY-MM-DD` day falls in: days 1–7 are the first. Days are shown as
 * the plan gives them (a calendar day, no time zone to convert). */
const weekOf = (day: string): number => Math.ceil(Number(day.slice(8, 10)) / 7);

interface Stop {
  readonly key: string;
  readonly day: string;
  readonly route?: RouteSuggestion;
  readonly row?: VisitPlanRow;
}

/**
 * D4's monthly visit board for a rep: the plan's compliance per tier (chart first), then the
 * month by week — each A customer's trip with the nearby B/C customers of the same city, the
 * other visits still missing on the day the plan proposes — and the C customers a phone call
 * may serve. Every figure and every grouping is the visits service's; the page lays them out.
 */
export function VisitBoardPage({ session }: { readonly session: SessionView }) {
  const { t, timeZone } = useI18n();
  const format = useFormat();
  const [month, setMonth] = useState(() => monthIn(timeZone));
  const choosesRep = hasRole(session, 'admin', 'sales_manager');
  const [repId, setRepId] = useState<string | undefined>(
    choosesRep ? undefined : session.user?.userId,
  );
  const plan = useVisitPlan(month, true, repId);
  const complianceColumns = useComplianceColumns<VisitPlanRow>();
  // Managers pick among the reps their plan has rows for (all of them until one is picked).
  const everyRep = useVisitPlan(month, choosesRep);
  const [logging, setLogging] = useState<{ row: VisitPlanRow; day?: string } | undefined>();
  const rows = useMemo(() => plan.data?.rows ?? [], [plan.data]);
  const owned = rows.filter((row) => row.required > 0);
  const nameOf = new Map(rows.map((row) => [row.customerId, row.customerName]));

  const option = useMemo(() => {
    const byTier = plan.data?.byTier;
    if (!byTier) return undefined;
    return categoryChart({
      categories: byTier.map((tier) => tier.tier),
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('reps.required'), type: 'bar', data: byTier.map((tier) => tier.required) },
        { name: t('reps.planned'), type: 'bar', data: byTier.map((tier) => tier.planned) },
        {
          name: t('reps.completedVisits'),
          type: 'bar',
          data: byTier.map((tier) => tier.completed),
        },
      ],
    });
  }, [plan.data, t]);

  // The board: each A customer's trip on its day, then what else is missing on its proposed days.
  const onRoutes = new Set(
    (plan.data?.routes ?? []).flatMap((route) => [
      route.anchorCustomerId,
      ...route.nearby.map((stop) => stop.customerId),
    ]),
  );
  const stops: Stop[] = [
    ...(plan.data?.routes ?? []).flatMap((route) =>
      route.day ? [{ key: `route-${route.anchorCustomerId}`, day: route.day, route }] : [],
    ),
    ...owned
      .filter((row) => !onRoutes.has(row.customerId) && !row.phoneCallAllowed)
      .flatMap((row) =>
        row.proposedDates.slice(0, 1).map((day) => ({ key: `row-${row.customerId}`, day, row })),
      ),
  ];
  const byPhone = owned.filter((row) => row.phoneCallAllowed && row.missing > 0);

  return (
    <ConsolePage title={t('nav.visitBoard')}>
      <Space wrap>
        <MonthInput month={month} onChange={setMonth} />
        {choosesRep && (
          <Select<string>
            allowClear
            aria-label={t('board.rep')}
            placeholder={t('board.allReps')}
            value={repId}
            onChange={setRepId}
            style={{ minWidth: 200 }}
            options={[...new Set((everyRep.data?.rows ?? []).map((row) => row.repId))]
              .sort()
              .map((rep) => ({ value: rep, label: rep }))}
          />
        )}
      </Space>
      {plan.isError && <Alert type="error" message={plan.error.message} />}
      <ChartCard
        title={t('board.compliance')}
        chart={{ option, testId: 'board-chart', height: 260 }}
      >
        <ChartFigures
          caption={t('board.compliance')}
          testId="board-figures"
          columns={[
            t('reps.tier'),
            t('board.customers'),
            t('reps.required'),
            t('reps.planned'),
            t('reps.completedVisits'),
            t('reps.compliance'),
          ]}
          rows={(plan.data?.byTier ?? []).map((tier) => ({
            key: tier.tier,
            head: tier.tier,
            data: { 'data-tier': tier.tier },
            cells: [
              format.number(tier.customers),
              format.number(tier.required),
              format.number(tier.planned),
              format.number(tier.completed),
              format.percent(tier.compliance),
            ],
          }))}
        />
      </ChartCard>
      <Row gutter={[16, 16]}>
        {WEEKS.map((week) => {
          const ofWeek = stops
            .filter((stop) => weekOf(stop.day) === week)
            .sort(
              (a, b) =>
                Number(Boolean(b.route)) - Number(Boolean(a.route)) || a.day.localeCompare(b.day),
            );
          return (
            <Col key={week} xs={24} md={12} xl={8}>
              <Card
                size="small"
                title={cardTitle(t(`board.week${week}` as 'board.week1'))}
                data-testid={`board-week-${week}`}
              >
                <List
                  size="small"
                  dataSource={ofWeek}
                  locale={{ emptyText: '—' }}
                  renderItem={(stop) =>
                    stop.route ? (
                      <List.Item data-testid="board-route">
                        <Space direction="vertical" size={2}>
                          <span>
                            <Tag color="gold">A</Tag>
                            <Typography.Text strong>
                              {nameOf.get(stop.route.anchorCustomerId) ??
                                stop.route.anchorCustomerId}
                            </Typography.Text>{' '}
                            · {stop.day}
                          </span>
                          {stop.route.nearby.length > 0 && (
                            <span>
                              {t('board.onTheWay')}:{' '}
                              {stop.route.nearby.map((near) => (
                                <Tag key={near.customerId}>
                                  {near.tier} · {near.name}
                                </Tag>
                              ))}
                            </span>
                          )}
                        </Space>
                      </List.Item>
                    ) : (
                      <List.Item>
                        <span>
                          <Tag>{stop.row!.tier}</Tag>
                          {stop.row!.customerName} · {stop.day}
                        </span>
                      </List.Item>
                    )
                  }
                />
              </Card>
            </Col>
          );
        })}
      </Row>
      <Card title={cardTitle(t('board.phoneCalls'))}>
        <List
          size="small"
          dataSource={byPhone}
          locale={{ emptyText: '—' }}
          renderItem={(row) => (
            <List.Item
              data-testid="board-phone"
              actions={[
                <Button
                  key="call"
                  onClick={() => setLogging({ row, day: row.proposedDates[0] })}
                  aria-label={`${t('board.logCall')} · ${row.customerName}`}
                >
                  {t('board.logCall')}
                </Button>,
              ]}
            >
              {row.customerName} · {t('board.missing')} {row.missing}
            </List.Item>
          )}
        />
      </Card>
      <TableCard<VisitPlanRow>
        title={t('reps.visitPlan')}
        table="visit-board.rows"
        call={apiCall('visits', `/visit-plans/${month}`, { repId })}
        rows={owned}
        rowKey={(row) => `${row.customerId}-${row.repId}`}
        loading={plan.isPending}
        columns={[
          { key: 'name', title: t('reps.name'), value: (row) => row.customerName },
          { key: 'repId', title: t('board.rep'), value: (row) => row.repId },
          { key: 'tier', title: t('reps.tier'), value: (row) => row.tier },
          ...complianceColumns,
          {
            key: 'proposed',
            title: t('board.proposed'),
            render: (row) => row.proposedDates.join(', '),
          },
        ]}
      />
      {logging && (
        <LogVisit
          row={logging.row}
          plannedDate={logging.day}
          onDone={() => setLogging(undefined)}
        />
      )}
    </ConsolePage>
  );
}
