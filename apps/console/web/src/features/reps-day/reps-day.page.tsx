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
  Table,
  Typography,
} from 'antd';
import { mayCall, type SessionView } from '@console/shared/api/session';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import { TableRegion } from '@console/shared/ui/table-region';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { monthIn } from '@console/shared/format/calendar';
import { LogVisit } from './log-visit.dialog';
import {
  FOLLOW_UP_OUTCOMES,
  useCompleteFollowUp,
  useCompleteVisit,
  useDueFollowUps,
  useMonthVisits,
  useMyCustomers,
  useVisitPlan,
  type CustomerListItem,
  type FollowUp,
  type FollowUpOutcome,
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
        <TableRegion label={t('reps.followUps')}>
          <Table<FollowUp>
            rowKey="followUpId"
            loading={followUps.isPending}
            dataSource={followUps.data ? [...followUps.data.items] : []}
            locale={{ emptyText: t('reps.noneDue') }}
            pagination={false}
            columns={[
              { title: t('common.customer'), dataIndex: 'customerId' },
              { title: t('reps.reason'), dataIndex: 'reason' },
              { title: t('reps.channel'), dataIndex: 'channel' },
              {
                title: t('reps.scheduledFor'),
                dataIndex: 'scheduledFor',
                render: (value: string) => format.dateTime(value),
              },
              {
                title: t('reps.complete'),
                key: 'complete',
                render: (_, followUp) => (
                  <Button type="primary" onClick={() => setCompleting(followUp)}>
                    {t('reps.complete')}
                  </Button>
                ),
              },
            ]}
          />
        </TableRegion>
      </Card>
      {plan.data && (
        <Card title={<h2 className="card-title">{t('reps.visitPlan')}</h2>}>
          <TableRegion label={t('reps.visitPlan')}>
            <Table<VisitPlanRow>
              rowKey="customerId"
              dataSource={[...plan.data.rows]}
              pagination={{ pageSize: 20 }}
              columns={[
                { title: t('reps.name'), dataIndex: 'customerName' },
                { title: t('reps.tier'), dataIndex: 'tier' },
                { title: t('reps.required'), dataIndex: 'required' },
                { title: t('reps.planned'), dataIndex: 'planned' },
                { title: t('reps.completedVisits'), dataIndex: 'completed' },
                {
                  title: t('reps.compliance'),
                  dataIndex: 'compliance',
                  render: (value: number | null) => (
                    <span data-testid="visit-compliance">{format.percent(value)}</span>
                  ),
                },
                ...(mayLogVisit
                  ? [
                      {
                        title: t('reps.logVisit'),
                        key: 'log',
                        render: (_: unknown, row: VisitPlanRow) => (
                          <Button onClick={() => setLogging(row)}>{t('reps.logVisit')}</Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </TableRegion>
        </Card>
      )}
      {visits.data && (
        <Card title={<h2 className="card-title">{t('reps.visits')}</h2>}>
          <TableRegion label={t('reps.visits')}>
            <Table<VisitListItem>
              rowKey="visitId"
              dataSource={[...visits.data.items]}
              pagination={{ pageSize: 20 }}
              columns={[
                {
                  title: t('reps.name'),
                  dataIndex: 'customerId',
                  render: (customerId: string) => names.get(customerId) ?? customerId,
                },
                { title: t('reps.plannedDate'), dataIndex: 'plannedDate' },
                {
                  title: t('reps.visitChannel'),
                  dataIndex: 'channel',
                  render: (channel: string) => t(`reps.visitChannel.${channel}` as MessageKey),
                },
                { title: t('reps.purpose'), dataIndex: 'purpose' },
                { title: t('common.status'), dataIndex: 'status' },
                {
                  title: t('reps.completeVisit'),
                  key: 'complete',
                  render: (_, visit) =>
                    visit.status === 'planned' && mayCompleteVisit ? (
                      <Button onClick={() => setCompletingVisit(visit)}>
                        {t('reps.completeVisit')}
                      </Button>
                    ) : null,
                },
              ]}
            />
          </TableRegion>
        </Card>
      )}
      <Card title={<h2 className="card-title">{t('reps.myCustomers')}</h2>}>
        <TableRegion label={t('reps.myCustomers')}>
          <Table<CustomerListItem>
            rowKey="customerId"
            loading={customers.isPending}
            dataSource={customers.data ? [...customers.data.items] : []}
            pagination={{ pageSize: 20 }}
            columns={[
              { title: t('reps.name'), dataIndex: 'name' },
              { title: t('reps.region'), dataIndex: 'region' },
              { title: t('reps.tier'), dataIndex: 'tier' },
              { title: t('reps.lifecycle'), dataIndex: 'lifecycle' },
            ]}
          />
        </TableRegion>
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
