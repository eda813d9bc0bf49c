import { useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, Row, Select, Space, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { showProblemAtFields } from '@console/shared/api/problem-fields';
import { ApiProblem } from '@console/shared/api/services';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
  INTAKE_FIELDS,
  useCustomerSearch,
  useRecordComplaint,
  type ComplaintIntake,
} from './complaint-intake.queries';

const TALK_TRACK = ['listen', 'restate', 'apologise', 'feelings', 'explain', 'thank'] as const;

/**
 * D7 step 1: a complaint recorded for a customer, with the customer's own words; once recorded it
 * opens in the complaint workbench, where the workflow goes on.
 */
export function ComplaintIntakePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<ComplaintIntake>();
  const [search, setSearch] = useState('');
  const customers = useCustomerSearch(search);
  const record = useRecordComplaint();
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [problem, setProblem] = useState<string | undefined>();
  const options = (values: readonly string[], prefix: string) =>
    values.map((value) => ({ value, label: t(`${prefix}.${value}` as MessageKey) }));
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('nav.complaintIntake')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={<h2 className="card-title">{t('intake.form')}</h2>}>
            <Form<ComplaintIntake>
              form={form}
              layout="vertical"
              initialValues={{ channel: 'phone', severity: 'medium' }}
              onFinish={async (intake) => {
                setProblem(undefined);
                try {
                  const { complaintId } = await record.mutateAsync({ idempotencyKey, intake });
                  navigate('/complaints', { state: { open: complaintId } });
                } catch (error) {
                  // Refused: nothing was recorded, so the corrected form is a new request.
                  if (error instanceof ApiProblem && error.status < 500) {
                    setIdempotencyKey(crypto.randomUUID());
                  }
                  setProblem(
                    showProblemAtFields(form, error, INTAKE_FIELDS, {
                      'contact.name': 'contactName',
                      'contact.phone': 'contactPhone',
                    }),
                  );
                }
              }}
            >
              <Form.Item
                name="customerId"
                label={t('common.customer')}
                rules={[{ required: true }]}
              >
                <Select
                  showSearch
                  aria-label={t('common.customer')}
                  placeholder={t('intake.searchCustomer')}
                  filterOption={false}
                  onSearch={setSearch}
                  loading={customers.isFetching}
                  notFoundContent={search ? t('common.empty') : null}
                  options={(customers.data?.items ?? []).map((customer) => ({
                    value: customer.customerId,
                    label: `${customer.name} · ${customer.region}`,
                  }))}
                />
              </Form.Item>
              <Row gutter={16}>
                <Col xs={24} md={8}>
                  <Form.Item
                    name="category"
                    label={t('complaints.category')}
                    rules={[{ required: true }]}
                  >
                    <Select
                      aria-label={t('complaints.category')}
                      options={options(COMPLAINT_CATEGORIES, 'intake.category')}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item
                    name="severity"
                    label={t('complaints.severity')}
                    rules={[{ required: true }]}
                  >
                    <Select
                      aria-label={t('complaints.severity')}
                      options={options(COMPLAINT_SEVERITIES, 'intake.severity')}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item
                    name="channel"
                    label={t('complaints.field.channel')}
                    rules={[{ required: true }]}
                  >
                    <Select
                      aria-label={t('complaints.field.channel')}
                      options={options(COMPLAINT_CHANNELS, 'intake.channel')}
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item
                name="customerWords"
                label={t('intake.customerWords')}
                extra={t('intake.customerWordsHint')}
                rules={[{ required: true }]}
              >
                <Input.TextArea maxLength={4000} rows={3} />
              </Form.Item>
              <Form.Item
                name="description"
                label={t('intake.description')}
                rules={[{ required: true }]}
              >
                <Input.TextArea maxLength={4000} rows={3} />
              </Form.Item>
              <Row gutter={16}>
                <Col xs={24} md={12}>
                  <Form.Item name="contactName" label={t('intake.contactName')}>
                    <Input maxLength={200} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="contactPhone" label={t('intake.contactPhone')}>
                    <Input maxLength={50} inputMode="tel" />
                  </Form.Item>
                </Col>
              </Row>
              {problem && <Alert type="error" message={problem} style={{ marginBottom: 16 }} />}
              <Button type="primary" htmlType="submit" loading={record.isPending}>
                {t('intake.submit')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={<h2 className="card-title">{t('intake.talkTrack')}</h2>}>
            <ol style={{ paddingInlineStart: 20, margin: 0 }}>
              {TALK_TRACK.map((step) => (
                <li key={step}>{t(`intake.talk.${step}` as MessageKey)}</li>
              ))}
            </ol>
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
