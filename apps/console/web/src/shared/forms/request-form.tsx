import { useState } from 'react';
import { Alert, Form } from 'antd';
import { showProblemAtFields } from '@console/shared/api/problem-fields';
import { ApiProblem } from '@console/shared/api/services';

/**
 * A form that sends one request per submission. The service's field errors land on the form's
 * fields, anything else is one line for ProblemAlert. The idempotency key stays across a double
 * click or a retry after a 5xx or a network error (the first may have been recorded) and is
 * renewed after a refusal (4xx: nothing was recorded, the corrected form is a new request) or a
 * success (the next submission is another request).
 */
export function useRequestForm<TValues>(
  fields: readonly string[],
  /** The form's name of a request field it asks under another name (`contact.name` → `contactName`). */
  formNameOf?: Readonly<Record<string, string>>,
) {
  const [form] = Form.useForm<TValues>();
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [problem, setProblem] = useState<string | undefined>();
  const send = async (request: (idempotencyKey: string) => Promise<void>): Promise<void> => {
    setProblem(undefined);
    try {
      await request(idempotencyKey);
      setIdempotencyKey(crypto.randomUUID());
    } catch (error) {
      if (error instanceof ApiProblem && error.status < 500) setIdempotencyKey(crypto.randomUUID());
      setProblem(showProblemAtFields(form, error, fields, formNameOf));
    }
  };
  return { form, send, problem };
}

/** What a refused request said that no field of the form carries. */
export function ProblemAlert({ problem }: { readonly problem: string | undefined }) {
  return problem ? <Alert type="error" message={problem} style={{ marginBottom: 16 }} /> : null;
}
