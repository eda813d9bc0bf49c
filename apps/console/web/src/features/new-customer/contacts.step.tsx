import { useState } from 'react';
import { Alert, App, Button, Col, Form, Input, Row, Select, Space, Table } from 'antd';
import type { Contact } from '@console/features/customer-360/customer-360.queries';
import { showProblemAtFields } from '@console/shared/api/problem-fields';
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
import { optionsOf } from './step-options';

export function ContactsStep({
  customerId,
  onNext,
}: {
  readonly customerId: string;
  readonly onNext: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ContactFields>();
  const add = useAddContact(customerId);
  const card = useCustomerCardOf(customerId);
  const [problem, setProblem] = useState<string | undefined>();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Form<ContactFields>
        form={form}
        layout="vertical"
        onFinish={async (contact) => {
          setProblem(undefined);
          try {
            await add.mutateAsync({ idempotencyKey: crypto.randomUUID(), contact });
            message.success(t('newCustomer.contactAdded'));
            form.resetFields();
          } catch (error) {
            setProblem(showProblemAtFields(form, error, CONTACT_FIELDS));
          }
        }}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="name"
              label={t('newCustomer.contactName')}
              rules={[{ required: true }]}
            >
              <Input maxLength={100} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="title" label={t('newCustomer.contactTitle')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="buyingRole" label={t('newCustomer.buyingRole')}>
              <Select
                allowClear
                aria-label={t('newCustomer.buyingRole')}
                options={optionsOf(BUYING_ROLES, 'newCustomer.buyingRole', t)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="buyingRoleFocus" label={t('newCustomer.buyingRoleFocus')}>
              <Select
                allowClear
                aria-label={t('newCustomer.buyingRoleFocus')}
                options={optionsOf(BUYING_ROLE_FOCUSES, 'newCustomer.focus', t)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="phone" label={t('newCustomer.phone')}>
              <Input maxLength={30} inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="email" label={t('newCustomer.email')}>
              <Input maxLength={200} inputMode="email" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="birthday" label={t('newCustomer.birthday')}>
              <Input type="date" />
            </Form.Item>
          </Col>
        </Row>
        {problem && <Alert type="error" message={problem} style={{ marginBottom: 16 }} />}
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
