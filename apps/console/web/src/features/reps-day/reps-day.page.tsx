import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Typography,
} from 'antd';
import { mayCall, type SessionView } from '@console/shared/api/session';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import { apiCall } from '@console/shared/export/export-csv-button';
import { FigureTable } from '@console/shared/ui/figure-table';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { daysAheadIn, monthIn } from '@console/shared/format/calendar';
import { LogVisit } from './log-visit.dialog';
import {
  FOLLOW_UP_OUTCOMES,
  GREETINGS_DUE_DAYS,
  GREETINGS_DUE_STATUSES,
  useCompleteFollowUp,
  useCompleteVisit,
  useDueFollowUps,
  useDueGreetings,
  useMonthVisits,
  useMyCustomers,
  useVisitPlan,
  type CustomerListItem,
  type FollowUp,
  type FollowUpOutcome,
  type Greeting,
  type VisitListItem,
  type VisitPlanRow,
} from './reps-day.queries';

/** Completes a visit with its outcome and the customer's feedback (D4). */
function CompleteVisit({
  visit,
  onDone,
}: {
  readonly visit: VisitListItem;
  readonly onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const complete = useCompleteVisit();
  const [form] = Form.useForm<{ outcome: string; feedbackScore: number }>();
  return (
    <Modal
      open
      title={t('reps.completeVisit')}
      okText={t('reps.completeVisit')}
      confirmLoading={complete.isPending}
      onCancel={onDone}
      onOk={async () => {
        const values = await form.validateFields();
        await complete.mutateAsync({ visitId: visit.visitId, ...values });
        message.success(t('reps.visitCompleted'));
        onDone();
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="outcome" label={t('reps.visitOutcome')} rules={[{ required: true }]}>
          <Input.TextArea maxLength={4000} rows={3} />
        </Form.Item>
        <Form.Item
          name="feedbackScore"
          label={t('reps.feedbackScore')}
          rules={[{ required: true }]}
        >
          <InputNumber min={1} max={5} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CompleteFollowUp({
  followUp,
  onDone,
}: {
  readonly followUp: FollowUp;
  readonly onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const complete = useCompleteFollowUp();
  const [form] = Form.useForm<{
    outcome: FollowUpOutcome;
    satisfactionScore?: number;
    note?: string;
  }>();
  return (
    <Modal
      open
      title={t('reps.complete')}
      okText={t('reps.complete')}
      confirmLoading={complete.isPending}
      onCancel={onDone}
      onOk={async () => {
        const values = await form.validateFields();
        await complete.mutateAsync({
          followUpId: followUp.followUpId,
          outcome: values.outcome,
          ...(values.satisfactionScore ? { satisfactionScore: values.satisfactionScore } : {}),
          ...(values.note ? { note: values.note } : {}),
        });
        message.success(t('reps.completed'));
        onDone();
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ outcome: 'reached' }}>
        <Form.Item name="outcome" label={t('reps.outcome')} rules={[{ required: true }]}>
          <Select
            options={FOLLOW_UP_OUTCOMES.map((outcome) => ({
              value: outcome,
              label: t(`reps.outcome.${outcome}` as MessageKey),
            }))}
          />
        </Form.Item>
        <Form.Item name="satisfactionScore" label={t('reps.satisfaction')}>
          <InputNumber min={1} max={5} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('reps.note')}>
          <Input.TextArea maxLength={2000} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * The greetings of the next days for the contacts of the rep's customers (D9): read only, they go
 * out by themselves; a `task` one is the rep's own word to say, a failed one is for an operator.
 */
function GreetingsDue() {
  const { t, language, timeZone } = useI18n();
  const format = useFormat();
  const [due] = useState(() => daysAheadIn(timeZone, GREETINGS_DUE_DAYS));
  const greetings = useDueGreetings(due);
  return (
    <Card title={<h2 className="card-title">{t('reps.greetings')}</h2>}>
      <FigureTable<Greeting>
        table="reps.greetings"
        label={t('reps.greetings')}
        call={apiCall('analytics', '/engagement/greetings', {
          status: GREETINGS_DUE_STATUSES,
          ...due,
          limit: 100,
        })}
        rowKey="greetingId"
        loading={greetings.isPending}
        rows={greetings.data?.items}
        emptyText={t('reps.noGreetings')}
        pagination={false}
        columns={[
          {
            key: 'customer',
            title: t('common.customer'),
            value: (row) => row.customerName ?? row.customerId,
          },
          { key: 'contact', title: t('reps.contact'), value: (row) => row.contact.name },
          {
            key: 'occasion',
            title: t('reps.occasion'),
            // The API names the occasion in Chinese (a public holiday by its own name).
            value: (row) =>
              language === 'zh-CN'
                ? row.occasion.label
                : t(`greeting.occasion.${row.occasion.kind}` as MessageKey),
          },
          {
            key: 'dueAt',
            title: t('reps.dueAt'),
            value: (row) => format.dateTime(row.dueAt),
          },
          {
            key: 'channel',
            title: t('reps.channel'),
            value: (row) => t(`greeting.channel.${row.channel}` as MessageKey),
          },
          {
            key: 'status',
            title: t('common.status'),
            value: (row) => t(`greeting.status.${row.status}` as MessageKey),
          },
        ]}
      />
    </Card>
  );
}

/** A rep's day: follow-ups due, this month's visits against the tier requirement, my customers. */
export function RepsDayPage({ session }: { readonly session: SessionView }) {
  const { t, timeZone } = useI18n();
  const format = useFormat();
  const followUps = useDueFollowUps();
  const customers = useMyCustomers();
  const month = monthIn(timeZone);
  const plan = useVisitPlan(month, mayCall(session, 'GET visits /visit-plans/{month}'));
  const visits = useMonthVisits(month, mayCall(session, 'GET visits /visits'));
  const mayLogVisit = mayCall(session, 'POST visits /visits');
  const mayCompleteVisit = mayCall(session, 'POST visits /visits/{id}/complete');
  const [completing, setCompleting] = useState<FollowUp | undefined>();
  const [logging, setLogging] = useState<VisitPlanRow | undefined>();
  const [completingVisit, setCompletingVisit] = useState<VisitListItem | undefined>();
  const names = new Map(plan.data?.rows.map((row) => [row.customerId, row.customerName]));
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('nav.repsDay')}
      </Typography.Title>
      <Card title={<h2 className="card-title">{t('reps.followUps')}</h2>}>
        <FigureTable<FollowUp>
          table="reps.followUps"
          label={t('reps.followUps')}
          call={apiCall('analytics', '/engagement/follow-ups', { status: 'due', limit: 100 })}
          rowKey="followUpId"
          loading={followUps.isPending}
          rows={followUps.data?.items}
          emptyText={t('reps.noneDue')}
          pagination={false}
          columns={[
            {
              key: 'customer',
              title: t('common.customer'),
              // The plan names the rep's customers; one registered a moment ago shows its id.
              value: (row) => names.get(row.customerId) ?? row.customerId,
            },
            {
              key: 'reason',
              title: t('reps.reason'),
              value: (row) => t(`followUp.reason.${row.reason}` as MessageKey),
            },
            { key: 'channel', title: t('reps.channel'), value: (row) => row.channel },
            {
              key: 'scheduledFor',
              title: t('reps.scheduledFor'),
              value: (row) => format.dateTime(row.scheduledFor),
              render: (row) => format.dateTime(row.scheduledFor),
            },
            {
              key: 'complete',
              title: t('reps.complete'),
              render: (followUp) => (
                <Button type="primary" onClick={() => setCompleting(followUp)}>
                  {t('reps.complete')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {mayCall(session, 'GET analytics /engagement/greetings') && <GreetingsDue />}
      {plan.data && (
        <Card title={<h2 className="card-title">{t('reps.visitPlan')}</h2>}>
          <FigureTable<VisitPlanRow>
            table="reps.visitPlan"
            label={t('reps.visitPlan')}
            call={apiCall('visits', `/visit-plans/${month}`)}
            rowKey="customerId"
            rows={plan.data.rows}
            columns={[
              { key: 'name', title: t('reps.name'), value: (row) => row.customerName },
              { key: 'tier', title: t('reps.tier'), value: (row) => row.tier },
              { key: 'required', title: t('reps.required'), value: (row) => row.required },
              { key: 'planned', title: t('reps.planned'), value: (row) => row.planned },
              { key: 'completed', title: t('reps.completedVisits'), value: (row) => row.completed },
              {
                key: 'compliance',
                title: t('reps.compliance'),
                value: (row) => row.compliance,
                render: (row) => (
                  <span data-testid="visit-compliance">{format.percent(row.compliance)}</span>
                ),
              },
              ...(mayLogVisit
                ? [
                    {
                      key: 'log',
                      title: t('reps.logVisit'),
                      render: (row: VisitPlanRow) => (
                        <Button onClick={() => setLogging(row)}>{t('reps.logVisit')}</Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}
      {visits.data && (
        <Card title={<h2 className="card-title">{t('reps.visits')}</h2>}>
          <FigureTable<VisitListItem>
            table="reps.visits"
            label={t('reps.visits')}
            call={apiCall('visits', '/visits', { month, limit: 100 })}
            rowKey="visitId"
            rows={visits.data.items}
            columns={[
              {
                key: 'name',
                title: t('reps.name'),
                value: (visit) => names.get(visit.customerId) ?? visit.customerId,
              },
              {
                key: 'plannedDate',
                title: t('reps.plannedDate'),
                value: (visit) => visit.plannedDate,
              },
              {
                key: 'channel',
                title: t('reps.visitChannel'),
                value: (visit) => t(`reps.visitChannel.${visit.channel}` as MessageKey),
              },
              { key: 'purpose', title: t('reps.purpose'), value: (visit) => visit.purpose },
              { key: 'status', title: t('common.status'), value: (visit) => visit.status },
              {
                key: 'complete',
                title: t('reps.completeVisit'),
                render: (visit) =>
                  visit.status === 'planned' && mayCompleteVisit ? (
                    <Button onClick={() => setCompletingVisit(visit)}>
                      {t('reps.completeVisit')}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </Card>
      )}
      <Card title={<h2 className="card-title">{t('reps.myCustomers')}</h2>}>
        <FigureTable<CustomerListItem>
          table="reps.myCustomers"
          label={t('reps.myCustomers')}
          call={apiCall('customers', '/customers', { limit: 100 })}
          rowKey="customerId"
          loading={customers.isPending}
          rows={customers.data?.items}
          columns={[
            { key: 'name', title: t('reps.name'), value: (row) => row.name },
            { key: 'region', title: t('reps.region'), value: (row) => row.region },
            { key: 'tier', title: t('reps.tier'), value: (row) => row.tier },
            {
              key: 'lifecycle',
              title: t('reps.lifecycle'),
              value: (row) =>
                row.lifecycle ? t(`lifecycle.${row.lifecycle}` as MessageKey) : null,
            },
          ]}
        />
      </Card>
      {completing && (
        <CompleteFollowUp followUp={completing} onDone={() => setCompleting(undefined)} />
      )}
      {logging && <LogVisit row={logging} onDone={() => setLogging(undefined)} />}
      {completingVisit && (
        <CompleteVisit visit={completingVisit} onDone={() => setCompletingVisit(undefined)} />
      )}
    </Space>
  );
}
