import type { FormInstance } from 'antd';
import { ApiProblem } from './services';

/**
 * Puts a problem+json answer's field errors on the form's fields (the service names the field).
 * What no field of this form carries (a conflict, a field the form does not show) comes back as
 * one line for an alert.
 */
export function showProblemAtFields<TValues>(
  form: FormInstance<TValues>,
  error: unknown,
  fields: readonly string[],
  /** The form's name of a request field it asks under another name (`contact.name` → `contactName`). */
  formNameOf: Readonly<Record<string, string>> = {},
): string | undefined {
  if (!(error instanceof ApiProblem)) return error instanceof Error ? error.message : String(error);
  const atFields = new Map<string, string[]>();
  const elsewhere: string[] = [];
  for (const { field: requestField, message } of error.problem.errors ?? []) {
    const field = formNameOf[requestField] ?? requestField;
    if (fields.includes(field)) atFields.set(field, [...(atFields.get(field) ?? []), message]);
    else elsewhere.push(`${field}: ${message}`);
  }
  form.setFields([...atFields].map(([name, errors]) => ({ name: name as never, errors })));
  if (atFields.size > 0 && elsewhere.length === 0) return undefined;
  return [error.message, ...elsewhere].join(' · ');
}
