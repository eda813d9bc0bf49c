import { Input } from 'antd';
import { useI18n } from '@console/shared/i18n/i18n';

/** The month a page shows (`YYYY-MM`); clearing the field keeps the month shown. */
export function MonthInput({
  month,
  onChange,
}: {
  readonly month: string;
  readonly onChange: (month: string) => void;
}) {
  const { t } = useI18n();
  return (
    <Input
      type="month"
      aria-label={t('board.month')}
      value={month}
      onChange={(event) => event.target.value && onChange(event.target.value)}
      style={{ width: 180 }}
    />
  );
}
