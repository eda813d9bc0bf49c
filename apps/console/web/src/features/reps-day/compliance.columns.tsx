import { useFormat } from '@console/shared/format/format';
import { useI18n } from '@console/shared/i18n/i18n';
import type { FigureColumn } from '@console/shared/ui/figure-table';

/** D4's figures of one slice of a month's plan, as the visits and analytics services count them. */
export interface ComplianceFigures {
  readonly required: number;
  readonly planned: number;
  readonly completed: number;
  readonly compliance: number | null;
}

/** The columns of D4's figures: visits required, planned and completed, and the compliance. */
export function useComplianceColumns<TRow extends ComplianceFigures>(): FigureColumn<TRow>[] {
  const { t } = useI18n();
  const format = useFormat();
  return [
    { key: 'required', title: t('reps.required'), value: (row) => row.required },
    { key: 'planned', title: t('reps.planned'), value: (row) => row.planned },
    { key: 'completed', title: t('reps.completedVisits'), value: (row) => row.completed },
    {
      key: 'compliance',
      title: t('reps.compliance'),
      value: (row) => row.compliance,
      render: (row) => <span data-testid="visit-compliance">{format.percent(row.compliance)}</span>,
    },
  ];
}
