import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { JsonAnswer } from './http-client';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
}

type Document = { paths: Record<string, Record<string, Operation>> };

const documents = new Map<string, Promise<Document>>();
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));

/**
 * What is wrong with a real answer against the schema the service's own OpenAPI document gives
 * it (`/docs/openapi.json`, the operation `method path` and the answer's status): [] when the
 * answer is as documented. Proves the document describes what the code sends.
 */
export async function undocumentedIn(
  baseUrl: string,
  method: string,
  path: string,
  answer: Pick<JsonAnswer, 'status' | 'body'>,
): Promise<string[]> {
  if (!documents.has(baseUrl)) {
    documents.set(
      baseUrl,
      fetch(`${baseUrl}/docs/openapi.json`).then(
        (response) => response.json() as Promise<Document>,
      ),
    );
  }
  const document = await documents.get(baseUrl)!;
  const operation = document.paths[path]?.[method.toLowerCase()];
  const schema =
    operation?.responses?.[String(answer.status)]?.content?.['application/json']?.schema;
  if (!schema) return [`${method} ${path} documents no JSON answer for ${answer.status}`];
  const validate = ajv.compile(schema);
  return validate(answer.body)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
}
