import { App, Button, Form, Input, Space, Table } from 'antd';
import type { Contact } from '@console/features/customer-360/customer-360.queries';
import { CodeField, FormGrid, GridField } from '@console/shared/forms/form-grid';
import { ProblemAlert, useRequestForm } from '@console/shared/forms/request-form';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import { TableRegion } from '@console/shared/ui/table-region';
import {
  BUYING_ROLE_FOCUSES,
  BUYING_ROLES,
  CONTACT_FIELDS,
  useAddContact,
  useCustomerCardOf,
  type ContactFields,
} from './new-customer.queries';
import { ReachFields } from './reach-fields';

export function ContactsStep({
  customerId,
  onNext,
}: {
  readonly customerId: string;
  readonly onNext: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const add = useAddContact(customerId);
  const card = useCustomerCardOf(customerId);
  const { form, send, problem } = useRequestForm<ContactFields>(CONTACT_FIELDS);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Form<ContactFields>
        form={form}
        layout="vertical"
        onFinish={(contact) =>
          send(async (idempotencyKey) => {
            await add.mutateAsync({ idempotencyKey, contact });
            message.success(t('newCustomer.contactAdded'));
            form.resetFields();
          })
        }
      >
        <FormGrid>
          <GridField name="name" label={t('newCustomer.contactName')} required>
            <Input maxLength={100} autoComplete="off" />
          </GridField>
          <GridField name="title" label={t('newCustomer.contactTitle')}>
            <Input maxLength={100} />
          </GridField>
          <CodeField
            name="buyingRole"
            label={t('newCustomer.buyingRole')}
            codes={BUYING_ROLES}
            prefix="newCustomer.buyingRole"
            allowClear
          />
          <CodeField
            name="buyingRoleFocus"
            label={t('newCustomer.buyingRoleFocus')}
            codes={BUYING_ROLE_FOCUSES}
            prefix="newCustomer.focus"
            allowClear
          />
          <ReachFields />
          <GridField name="birthday" label={t('newCustomer.birthday')}>
            <Input type="date" />
          </GridField>
        </FormGrid>
        <ProblemAlert problem={problem} />
        <Space wrap>
          <Button htmlType="submit" loading={add.isPending}>
            {t('newCustomer.addContact')}
          </Button>
          <Button type="primary" onClick={onNext}>
            {t('newCustomer.toVisitPlan')}
          </Button>
        </Space>
      </Form>
      <TableRegion label={t('newCustomer.contacts')}>
        <Table<Contact>
          rowKey="contactId"
          size="small"
          pagination={false}
          loading={card.isPending}
          dataSource={card.data ? [...card.data.contacts] : []}
          columns={[
            { title: t('newCustomer.contactName'), dataIndex: 'name' },
            { title: t('newCustomer.contactTitle'), dataIndex: 'title' },
            {
              title: t('newCustomer.buyingRole'),
              dataIndex: 'buyingRole',
              render: (role: string | undefined) =>
                role ? t(`newCustomer.buyingRole.${role}` as MessageKey) : '—',
            },
            { title: t('newCustomer.phone'), dataIndex: 'phone' },
          ]}
        />
      </TableRegion>
    </Space>
  );
}
