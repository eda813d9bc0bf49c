import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Input,
  List,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { LogVisit } from '@console/features/reps-day/log-visit.dialog';
import {
  useVisitPlan,
  type RouteSuggestion,
  type VisitPlanRow,
} from '@console/features/reps-day/reps-day.queries';
import { hasRole, type SessionView } from '@console/shared/api/session';
import { apiCall, ExportCsvButton } from '@console/shared/export/export-csv-button';
import { monthIn } from '@console/shared/format/calendar';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import { EChart } from '@console/shared/ui/echart';
import { TableRegion } from '@console/shared/ui/table-region';

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
  // Managers pick among the reps their plan has rows for (all of them until one is picked).
  const everyRep = useVisitPlan(month, choosesRep);
  const [logging, setLogging] = useState<{ row: VisitPlanRow; day?: string } | undefined>();
  const rows = useMemo(() => plan.data?.rows ?? [], [plan.data]);
  const owned = rows.filter((row) => row.required > 0);
  const nameOf = new Map(rows.map((row) => [row.customerId, row.customerName]));

  const option = useMemo<EChartsCoreOption | undefined>(() => {
    const byTier = plan.data?.byTier;
    if (!byTier) return undefined;
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('reps.required'), t('reps.planned'), t('reps.completedVisits')] },
      grid: { left: 40, right: 16, bottom: 32, top: 40 },
      xAxis: { type: 'category', data: byTier.map((tier) => tier.tier) },
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
    };
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
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('nav.visitBoard')}
      </Typography.Title>
      <Space wrap>
        <Input
          type="month"
          aria-label={t('board.month')}
          value={month}
          onChange={(event) => event.target.value && setMonth(event.target.value)}
          style={{ width: 180 }}
        />
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
      <Card title={<h2 className="card-title">{t('board.compliance')}</h2>}>
        {option && (
          <EChart option={option} label={t('board.compliance')} testId="board-chart" height={260} />
        )}
        <table className="figures" data-testid="board-figures">
          <caption>{t('board.compliance')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reps.tier')}</th>
              <th scope="col">{t('board.customers')}</th>
              <th scope="col">{t('reps.required')}</th>
              <th scope="col">{t('reps.planned')}</th>
              <th scope="col">{t('reps.completedVisits')}</th>
              <th scope="col">{t('reps.compliance')}</th>
            </tr>
          </thead>
          <tbody>
            {(plan.data?.byTier ?? []).map((tier) => (
              <tr key={tier.tier} data-tier={tier.tier}>
                <th scope="row">{tier.tier}</th>
                <td>{format.number(tier.customers)}</td>
                <td>{format.number(tier.required)}</td>
                <td>{format.number(tier.planned)}</td>
                <td>{format.number(tier.completed)}</td>
                <td>{format.percent(tier.compliance)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
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
                title={<h2 className="card-title">{t(`board.week${week}` as 'board.week1')}</h2>}
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
      <Card title={<h2 className="card-title">{t('board.phoneCalls')}</h2>}>
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
      <Card
        title={<h2 className="card-title">{t('reps.visitPlan')}</h2>}
        extra={
          <ExportCsvButton<VisitPlanRow>
            table="visit-board.rows"
            call={apiCall('visits', `/visit-plans/${month}`, { repId })}
            rows={owned}
            columns={[
              { title: t('reps.name'), value: (row) => row.customerName },
              { title: t('board.rep'), value: (row) => row.repId },
              { title: t('reps.tier'), value: (row) => row.tier },
              { title: t('reps.required'), value: (row) => row.required },
              { title: t('reps.planned'), value: (row) => row.planned },
              { title: t('reps.completedVisits'), value: (row) => row.completed },
              { title: t('reps.compliance'), value: (row) => row.compliance },
            ]}
          />
        }
      >
        <TableRegion label={t('reps.visitPlan')}>
          <Table<VisitPlanRow>
            rowKey={(row) => `${row.customerId}-${row.repId}`}
            loading={plan.isPending}
            dataSource={owned}
            pagination={{ pageSize: 20 }}
            columns={[
              { title: t('reps.name'), dataIndex: 'customerName' },
              { title: t('board.rep'), dataIndex: 'repId' },
              { title: t('reps.tier'), dataIndex: 'tier' },
              { title: t('reps.required'), dataIndex: 'required' },
              { title: t('reps.planned'), dataIndex: 'planned' },
              { title: t('reps.completedVisits'), dataIndex: 'completed' },
              {
                title: t('reps.compliance'),
                dataIndex: 'compliance',
                render: (value: number | null) => format.percent(value),
              },
              {
                title: t('board.proposed'),
                dataIndex: 'proposedDates',
                render: (days: readonly string[]) => days.join(', '),
              },
            ]}
          />
        </TableRegion>
      </Card>
      {logging && (
        <LogVisit
          row={logging.row}
          plannedDate={logging.day}
          onDone={() => {
            setLogging(undefined);
            void plan.refetch();
          }}
        />
      )}
    </Space>
  );
}
