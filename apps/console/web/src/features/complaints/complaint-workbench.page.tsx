import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
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
import { hasRole, type SessionView } from '@console/shared/api/session';
import { FormDialog } from '@console/shared/forms/form-dialog';
import { cardTitle } from '@console/shared/ui/card-title';
import { ConsolePage } from '@console/shared/ui/console-page';
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
  const take = useTakeStep();
  const fields = STEP_FIELDS[step];
  return (
    <FormDialog<Record<string, unknown>>
      action={t(stepTitle(step))}
      fields={fields.map((field) => field.name)}
      initialValues={Object.fromEntries(
        fields.filter((field) => field.kind === 'boolean').map((field) => [field.name, true]),
      )}
      sending={take.isPending}
      done={t('complaints.stepDone')}
      onClose={onDone}
      send={(values) =>
        take.mutateAsync({
          complaintId,
          step,
          body: Object.fromEntries(
            Object.entries(values).filter(([, value]) => value !== undefined && value !== ''),
          ),
        })
      }
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
    </FormDialog>
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
    <Card title={cardTitle(complaint.data.complaintId)} data-testid="complaint-detail">
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
    <ConsolePage title={t('nav.complaints')}>
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
    </ConsolePage>
  );
}
