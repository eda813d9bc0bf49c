import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useLocation } from 'react-router';
import { ApiProblem } from '@console/shared/api/services';
import { hasRole, type SessionView } from '@console/shared/api/session';
import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import { TableRegion } from '@console/shared/ui/table-region';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { offeredSteps, STEP_FIELDS, stepTitle, type StepField } from './complaint-steps';
import type { ComplaintStep } from '@crm/contracts';
import {
  useComplaint,
  useComplaintQueue,
  useTakeStep,
  type ComplaintListItem,
} from './complaints.queries';

/**
 * The control of one step field. Form.Item hands its value, onChange (and id) to its direct
 * child, which is this component: they must reach the Ant Design control, or the form never
 * sees what the user typed (required fields then stay empty and the step is never sent).
 */
function FieldInput({
  field,
  ...control
}: {
  readonly field: StepField;
  readonly id?: string;
  readonly value?: never;
  readonly checked?: boolean;
  readonly onChange?: never;
}) {
  const { t } = useI18n();
  switch (field.kind) {
    case 'text':
      return <Input maxLength={200} {...control} />;
    case 'longText':
      return <Input.TextArea maxLength={4000} rows={3} {...control} />;
    case 'boolean':
      return <Switch {...control} />;
    case 'amount':
      return <InputNumber min={0} style={{ width: '100%' }} {...control} />;
    case 'score':
      return <InputNumber min={1} max={5} precision={0} style={{ width: '100%' }} {...control} />;
    case 'choice':
      return (
        <Select
          options={field.options.map((value) => ({ value, label: value }))}
          aria-label={t(`complaints.field.${field.name}` as MessageKey)}
          {...control}
        />
      );
  }
}

function StepDialog({
  complaintId,
  step,
  onDone,
}: {
  readonly complaintId: string;
  readonly step: ComplaintStep;
  readonly onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const take = useTakeStep();
  const [form] = Form.useForm<Record<string, unknown>>();
  const fields = STEP_FIELDS[step];
  const [problem, setProblem] = useState<string | undefined>();
  return (
    <Modal
      open
      title={t(stepTitle(step))}
      okText={t(stepTitle(step))}
      confirmLoading={take.isPending}
      onCancel={onDone}
      onOk={async () => {
        const values = await form.validateFields();
        const body = Object.fromEntries(
          Object.entries(values).filter(([, value]) => value !== undefined && value !== ''),
        );
        try {
          await take.mutateAsync({ complaintId, step, body });
          message.success(t('complaints.stepDone'));
          onDone();
        } catch (error) {
          setProblem(
            error instanceof ApiProblem
              ? [
                  error.message,
                  ...(error.problem.errors ?? []).map((e) => `${e.field}: ${e.message}`),
                ].join(' · ')
              : String(error),
          );
        }
      }}
    >
      {problem && <Alert type="error" message={problem} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={Object.fromEntries(
          fields.filter((f) => f.kind === 'boolean').map((f) => [f.name, true]),
        )}
      >
        {fields.map((field) => (
          <Form.Item
            key={field.name}
            name={field.name}
            label={t(`complaints.field.${field.name}` as MessageKey)}
            valuePropName={field.kind === 'boolean' ? 'checked' : 'value'}
            rules={field.required && field.kind !== 'boolean' ? [{ required: true }] : []}
          >
            <FieldInput field={field} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

function ComplaintDetail({
  session,
  complaintId,
}: {
  readonly session: SessionView;
  readonly complaintId: string;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const complaint = useComplaint(complaintId);
  const [step, setStep] = useState<ComplaintStep | undefined>();
  if (!complaint.data) return <Card loading />;
  const steps = offeredSteps(session, complaint.data);
  return (
    <Card
      title={<h2 className="card-title">{complaint.data.complaintId}</h2>}
      data-testid="complaint-detail"
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Tag color="blue" data-testid="complaint-status">
            {complaint.data.status}
          </Tag>
          <Tag>{complaint.data.severity}</Tag>
          <Tag>{complaint.data.category}</Tag>
        </Space>
        {complaint.data.dueToAct?.party === 'customer' && (
          <Alert type="info" message={t('complaints.waitingCustomer')} />
        )}
        <Typography.Text strong>{t('complaints.steps')}</Typography.Text>
        <Space wrap>
          {steps.map((offered) => (
            <Button key={offered} onClick={() => setStep(offered)} data-step={offered}>
              {t(stepTitle(offered))}
            </Button>
          ))}
          {steps.length === 0 && <Typography.Text type="secondary">—</Typography.Text>}
        </Space>
        <Typography.Text strong>{t('complaints.timeline')}</Typography.Text>
        <Timeline
          items={complaint.data.timeline.map((entry) => ({
            key: entry.sequence,
            children: `${format.dateTime(entry.at)} · ${entry.type} · ${entry.actorId}`,
          }))}
        />
      </Space>
      {step && (
        <StepDialog complaintId={complaintId} step={step} onDone={() => setStep(undefined)} />
      )}
    </Card>
  );
}

function Queue({
  status,
  onOpen,
}: {
  readonly status?: string;
  readonly onOpen: (id: string) => void;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const queue = useComplaintQueue(status);
  return (
    <TableRegion label={t('complaints.queue')}>
      <Table<ComplaintListItem>
        rowKey="complaintId"
        loading={queue.isPending}
        dataSource={queue.data ? [...queue.data.items] : []}
        pagination={{ pageSize: 20 }}
        columns={[
          {
            title: t('common.customer'),
            dataIndex: 'complaintId',
            render: (id: string) => (
              <Button type="link" onClick={() => onOpen(id)}>
                {id}
              </Button>
            ),
          },
          { title: t('common.status'), dataIndex: 'status' },
          { title: t('complaints.severity'), dataIndex: 'severity' },
          { title: t('complaints.category'), dataIndex: 'category' },
          {
            title: t('complaints.sla'),
            dataIndex: 'nextDue',
            render: (nextDue: string | null, row) => (
              <Space>
                {format.dateTime(nextDue)}
                {row.overdue && <Tag color="red">{t('complaints.overdue')}</Tag>}
              </Space>
            ),
          },
        ]}
      />
    </TableRegion>
  );
}

/** The complaint workbench: the queue with SLA clocks, the supervisor's approval inbox, the steps. */
export function ComplaintWorkbenchPage({ session }: { readonly session: SessionView }) {
  const { t } = useI18n();
  // A complaint just recorded at the intake opens at once (it is passed in the router's state).
  const recorded = (useLocation().state as { open?: string } | null)?.open;
  const [open, setOpen] = useState<string | undefined>(recorded);
  const approver = hasRole(session, 'supervisor', 'admin');
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('nav.complaints')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card>
            <Tabs
              items={[
                {
                  key: 'queue',
                  label: t('complaints.queue'),
                  children: <Queue onOpen={setOpen} />,
                },
                ...(approver
                  ? [
                      {
                        key: 'inbox',
                        label: t('complaints.inbox'),
                        children: <Queue status="resolution_proposed" onOpen={setOpen} />,
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          {open ? (
            <ComplaintDetail session={session} complaintId={open} />
          ) : (
            <Alert type="info" message={t('complaints.select')} />
          )}
        </Col>
      </Row>
    </Space>
  );
}
