import type { MessageKey } from '@console/shared/i18n/messages.zh-CN';

/** A select's options from a list of codes, each labelled by its message `<prefix>.<code>`. */
export const optionsOf = (
  values: readonly string[],
  prefix: string,
  t: (key: MessageKey) => string,
) => values.map((value) => ({ value, label: t(`${prefix}.${value}` as MessageKey) }));
