import type { ReactNode } from 'react';
import { App, Form, Modal } from 'antd';
import { ProblemAlert, useRequestForm } from './request-form';

/**
 * One form in a dialog that sends one request (useRequestForm: the service's field errors on the
 * fields, one idempotency key until the request is refused or done), says so and closes.
 */
export function FormDialog<TValues extends object>({
  action,
  subject,
  fields,
  initialValues,
  send,
  sending,
  done,
  onClose,
  children,
}: {
  /** What the dialog does: its button, and its title. */
  readonly action: string;
  /** Whom it does it for (a customer's name), after the action in the title. */
  readonly subject?: string;
  readonly fields: readonly (keyof TValues & string)[];
  readonly initialValues?: Partial<TValues>;
  readonly send: (values: TValues, idempotencyKey: string) => Promise<unknown>;
  readonly sending: boolean;
  /** The message once it is done. */
  readonly done: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
}) {
  const { message } = App.useApp();
  const request = useRequestForm<TValues>(fields);
  return (
    <Modal
      open
      title={subject ? `${action} · ${subject}` : action}
      okText={action}
      confirmLoading={sending}
      onCancel={onClose}
      onOk={async () => {
        const values = await request.form.validateFields();
        await request.send(async (idempotencyKey) => {
          await send(values, idempotencyKey);
          message.success(done);
          onClose();
        });
      }}
    >
      <ProblemAlert problem={request.problem} />
      <Form form={request.form} layout="vertical" initialValues={initialValues}>
        {children}
      </Form>
    </Modal>
  );
}
