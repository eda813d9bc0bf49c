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
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import {
  FOLLOW_UP_OUTCOMES,
  useCompleteFollowUp,
  useDueFollowUps,
  useMyCustomers,
  useVisitPlan,
  type CustomerListItem,
  type FollowUp,
  type FollowUpOutcome,
  type VisitPlanRow,
} from './reps-day.queries';

/** `YYYY-MM` of today in the user's time zone: the month whose plan the page asks for. */
const monthIn = (timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', timeZone })
    .format(new Date())
    .slice(0, 7);

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
  const plan = useVisitPlan(monthIn(timeZone), mayCall(session, 'GET visits /visit-plans/{month}'));
  const [completing, setCompleting] = useState<FollowUp | undefined>();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('nav.repsDay')}
      </Typography.Title>
      <Card title={<h2 className="card-title">{t('reps.followUps')}</h2>}>
        <Table<FollowUp>
          rowKey="followUpId"
          loading={followUps.isPending}
          dataSource={followUps.data ? [...followUps.data.items] : []}
          locale={{ emptyText: t('reps.noneDue') }}
          scroll={{ x: true }}
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
      </Card>
      {plan.data && (
        <Card title={<h2 className="card-title">{t('reps.visitPlan')}</h2>}>
          <Table<VisitPlanRow>
            rowKey="customerId"
            dataSource={[...plan.data.rows]}
            scroll={{ x: true }}
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
                render: (value: number | null) => format.percent(value),
              },
            ]}
          />
        </Card>
      )}
      <Card title={<h2 className="card-title">{t('reps.myCustomers')}</h2>}>
        <Table<CustomerListItem>
          rowKey="customerId"
          loading={customers.isPending}
          dataSource={customers.data ? [...customers.data.items] : []}
          scroll={{ x: true }}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('reps.name'), dataIndex: 'name' },
            { title: t('reps.region'), dataIndex: 'region' },
            { title: t('reps.tier'), dataIndex: 'tier' },
            { title: t('reps.lifecycle'), dataIndex: 'lifecycle' },
          ]}
        />
      </Card>
      {completing && (
        <CompleteFollowUp followUp={completing} onDone={() => setCompleting(undefined)} />
      )}
    </Space>
  );
}
