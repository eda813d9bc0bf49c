import { Input } from 'antd';
import { GridField } from '@console/shared/forms/form-grid';
import { useI18n } from '@console/shared/i18n/i18n';

/** How to reach a customer or a contact, as the customers service takes it: phone and e-mail. */
export function ReachFields() {
  const { t } = useI18n();
  return (
    <>
      <GridField name="phone" label={t('newCustomer.phone')}>
        <Input maxLength={30} inputMode="tel" />
      </GridField>
      <GridField name="email" label={t('newCustomer.email')}>
        <Input maxLength={200} inputMode="email" />
      </GridField>
    </>
  );
}
