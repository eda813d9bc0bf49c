import { useState } from 'react';
import { Button, Card, Col, Form, Input, Row, Select } from 'antd';
import { useNavigate } from 'react-router';
import { CodeField, FormGrid, GridField } from '@console/shared/forms/form-grid';
import { ProblemAlert, useRequestForm } from '@console/shared/forms/request-form';
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
import { cardTitle } from '@console/shared/ui/card-title';
import { ConsolePage } from '@console/shared/ui/console-page';

const TALK_TRACK = ['listen', 'restate', 'apologise', 'feelings', 'explain', 'thank'] as const;

/**
 * D7 step 1: a complaint recorded for a customer, with the customer's own words; once recorded it
 * opens in the complaint workbench, where the workflow goes on.
 */
export function ComplaintIntakePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const customers = useCustomerSearch(search);
  const record = useRecordComplaint();
  const { form, send, problem } = useRequestForm<ComplaintIntake>(INTAKE_FIELDS, {
    'contact.name': 'contactName',
    'contact.phone': 'contactPhone',
  });
  return (
    <ConsolePage title={t('nav.complaintIntake')}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={cardTitle(t('intake.form'))}>
            <Form<ComplaintIntake>
              form={form}
              layout="vertical"
              initialValues={{ channel: 'phone', severity: 'medium' }}
              onFinish={(intake) =>
                send(async (idempotencyKey) => {
                  const { complaintId } = await record.mutateAsync({ idempotencyKey, intake });
                  navigate('/complaints', { state: { open: complaintId } });
                })
              }
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
              <FormGrid>
                <CodeField
                  name="category"
                  label={t('complaints.category')}
                  codes={COMPLAINT_CATEGORIES}
                  prefix="intake.category"
                  required
                />
                <CodeField
                  name="severity"
                  label={t('complaints.severity')}
                  codes={COMPLAINT_SEVERITIES}
                  prefix="intake.severity"
                  required
                />
                <CodeField
                  name="channel"
                  label={t('complaints.field.channel')}
                  codes={COMPLAINT_CHANNELS}
                  prefix="intake.channel"
                  required
                />
                <GridField
                  name="customerWords"
                  label={t('intake.customerWords')}
                  extra={t('intake.customerWordsHint')}
                  md={24}
                  required
                >
                  <Input.TextArea maxLength={4000} rows={3} />
                </GridField>
                <GridField name="description" label={t('intake.description')} md={24} required>
                  <Input.TextArea maxLength={4000} rows={3} />
                </GridField>
                <GridField name="contactName" label={t('intake.contactName')} md={12}>
                  <Input maxLength={200} />
                </GridField>
                <GridField name="contactPhone" label={t('intake.contactPhone')} md={12}>
                  <Input maxLength={50} inputMode="tel" />
                </GridField>
              </FormGrid>
              <ProblemAlert problem={problem} />
              <Button type="primary" htmlType="submit" loading={record.isPending}>
                {t('intake.submit')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={cardTitle(t('intake.talkTrack'))}>
            <ol style={{ paddingInlineStart: 20, margin: 0 }}>
              {TALK_TRACK.map((step) => (
                <li key={step}>{t(`intake.talk.${step}` as MessageKey)}</li>
              ))}
            </ol>
          </Card>
        </Col>
      </Row>
    </ConsolePage>
  );
}
