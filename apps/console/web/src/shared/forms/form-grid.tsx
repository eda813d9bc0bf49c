import type { ReactNode } from 'react';
import { Col, Form, Row, Select, type SelectProps } from 'antd';
import { useI18n } from '@console/shared/i18n/i18n';
import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';

/** A select's options from a list of codes, each labelled by its message `<prefix>.<code>`. */
export const optionsOf = <TValue extends string>(
  values: readonly TValue[],
  prefix: string,
  t: (key: MessageKey) => string,
) => values.map((value) => ({ value, label: t(`${prefix}.${value}` as MessageKey) }));

/** Fields side by side on a wide screen, one below the other on a phone. */
export function FormGrid({ children }: { readonly children: ReactNode }) {
  return <Row gutter={16}>{children}</Row>;
}

/** One labelled field of a FormGrid, `md` of 24 columns wide from tablet width on. */
export function GridField({
  name,
  label,
  md = 8,
  required = false,
  extra,
  children,
}: {
  readonly name: string;
  readonly label: string;
  readonly md?: number;
  readonly required?: boolean;
  readonly extra?: string;
  readonly children: ReactNode;
}) {
  return (
    <Col xs={24} md={md}>
      <Form.Item
        name={name}
        label={label}
        extra={extra}
        rules={required ? [{ required: true }] : undefined}
      >
        {children}
      </Form.Item>
    </Col>
  );
}

/**
 * A select of codes labelled through i18n (`<prefix>.<code>`), named for screen readers by its
 * label. Form.Item hands value and onChange to its direct child, which passes them on.
 */
export function CodeSelect({
  codes,
  prefix,
  label,
  ...select
}: Omit<SelectProps, 'options'> & {
  readonly codes: readonly string[];
  readonly prefix: string;
  readonly label: string;
}) {
  const { t } = useI18n();
  return <Select aria-label={label} options={optionsOf(codes, prefix, t)} {...select} />;
}

/** A GridField whose control is a CodeSelect of the same label. */
export function CodeField({
  name,
  label,
  codes,
  prefix,
  md,
  required,
  allowClear,
}: {
  readonly name: string;
  readonly label: string;
  readonly codes: readonly string[];
  readonly prefix: string;
  readonly md?: number;
  readonly required?: boolean;
  readonly allowClear?: boolean;
}) {
  return (
    <GridField name={name} label={label} md={md} required={required}>
      <CodeSelect codes={codes} prefix={prefix} label={label} allowClear={allowClear} />
    </GridField>
  );
}
