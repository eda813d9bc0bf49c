import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Role } from '@crm/contracts';

export interface TestPerson {
  readonly id: string;
  /** The person's name in the directory; their id when not given. */
  readonly name?: string;
  readonly roles: readonly Role[];
  readonly region?: string;
  readonly supervisor?: string;
}

/**
 * A suite's own organization directory (ORGANIZATION_FILE): its private regions, so its lists by
 * region see only its customers, and the people its tests name. Returns the file's path.
 */
export function organizationFile(
  regions: readonly string[],
  people: readonly TestPerson[] = [],
): string {
  const file = join(mkdtempSync(join(tmpdir(), 'crm-organization-')), 'organization.yaml');
  writeFileSync(
    file,
    stringify({
      version: 1,
      regions: regions.map((id) => ({ id, name: id })),
      people: people.map((person) => ({ name: person.id, ...person })),
    }),
  );
  return file;
}
