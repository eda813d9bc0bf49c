import { Button } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n } from '@console/shared/i18n/i18n';

/** Opens the customer's 360 page (the id travels in the router's state, never in the URL). */
export function OpenCustomer({
  customerId,
  label,
}: {
  readonly customerId: string;
  readonly label: string;
}) {
  const navigate = useNavigate();
  const { t } = useI18n();
  return (
    <Button
      size="small"
      aria-label={`${t('common.open')} · ${label}`}
      onClick={() => navigate('/customer-360', { state: { customerId } })}
    >
      {t('common.open')}
    </Button>
  );
}
