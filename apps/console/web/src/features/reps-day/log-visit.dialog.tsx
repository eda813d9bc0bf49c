import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { showProblemAtFields } from '@console/shared/api/problem-fields';
import { ApiProblem } from '@console/shared/api/services';
import { todayIn } from '@console/shared/format/calendar';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { VISIT_CHANNELS } from '@crm/contracts/visit-catalogue';
import { useLogVisit, type VisitChannel, type VisitPlanRow } from './reps-day.queries';

/** Logs a visit to a customer of the plan, for today unless the rep picks another day. */
export function LogVisit({
  row,
  plannedDate,
  onDone,
}: {
  readonly row: Pick<VisitPlanRow, 'customerId' | 'customerName' | 'phoneCallAllowed'>;
  /** The day the dialog proposes (the plan's proposed day); today when none. */
  readonly plannedDate?: string | undefined;
  readonly onDone: () => void;
}) {
  const { t, timeZone } = useI18n();
  const { message } = App.useApp();
  const log = useLogVisit();
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [form] = Form.useForm<{ plannedDate: string; channel: VisitChannel; purpose: string }>();
  const [problem, setProblem] = useState<string | undefined>();
  return (
    <Modal
      open
      title={`${t('reps.logVisit')} · ${row.customerName}`}
      okText={t('reps.logVisit')}
      confirmLoading={log.isPending}
      onCancel={onDone}
      onOk={async () => {
        const values = await form.validateFields();
        setProblem(undefined);
        try {
          await log.mutateAsync({
            idempotencyKey,
            customerId: row.customerId,
            timeZone,
            ...values,
          });
          message.success(t('reps.visitLogged'));
          onDone();
        } catch (error) {
          // Refused (4xx): nothing was recorded, so the corrected form is a new request.
          if (error instanceof ApiProblem && error.status < 500) {
            setIdempotencyKey(crypto.randomUUID());
          }
          setProblem(showProblemAtFields(form, error, ['plannedDate', 'channel', 'purpose']));
        }
      }}
    >
      {problem && <Alert type="error" message={problem} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          plannedDate: plannedDate ?? todayIn(timeZone),
          channel: row.phoneCallAllowed ? 'phone' : 'face_to_face',
        }}
      >
        <Form.Item name="plannedDate" label={t('reps.plannedDate')} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="channel" label={t('reps.visitChannel')} rules={[{ required: true }]}>
          <Select
            aria-label={t('reps.visitChannel')}
            options={VISIT_CHANNELS.map((channel) => ({
              value: channel,
              label: t(`reps.visitChannel.${channel}` as MessageKey),
            }))}
          />
        </Form.Item>
        <Form.Item name="purpose" label={t('reps.purpose')} rules={[{ required: true }]}>
          <Input.TextArea maxLength={1000} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
