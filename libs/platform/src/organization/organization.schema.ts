import { z } from 'zod';
import { ROLES, text } from '@crm/contracts';

/** Ids are compared with what tokens and customers carry: the same safe text (ADR 80). */
const id = text(100);

const region = z.object({ id, name: text(200) }).strict();

const department = z
  .object({ id, name: text(200), region: id.optional() })
  .strict();

const person = z
  .object({
    /** The `sub` of their tokens. */
    id,
    name: text(200),
    roles: z.array(z.enum(ROLES)).min(1),
    region: id.optional(),
    department: id.optional(),
    /** Who supervises them (their manager); the top of the organization has none. */
    supervisor: id.optional(),
  })
  .strict();

export type OrganizationRegion = z.infer<typeof region>;
export type OrganizationDepartment = z.infer<typeof department>;
export type OrganizationPerson = z.infer<typeof person>;

const duplicates = (ids: readonly string[]): string[] =>
  ids.filter((value, index) => ids.indexOf(value) !== index);

/**
 * The organization directory file: regions, departments, people and who supervises whom. Every
 * reference must name an entry of the file and supervision must not run in a circle, so a
 * directory that loads is one every rule can trust.
 */
export const organizationSchema = z
  .object({
    /** Raised on every change of the file; services report the version they run with. */
    version: z.number().int().positive(),
    regions: z.array(region).min(1),
    departments: z.array(department).default([]),
    people: z.array(person).default([]),
  })
  .strict()
  .superRefine((directory, context) => {
    const issue = (path: (string | number)[], message: string) =>
      context.addIssue({ code: 'custom', path, message });
    for (const [kind, entries] of [
      ['regions', directory.regions],
      ['departments', directory.departments],
      ['people', directory.people],
    ] as const) {
      for (const twice of new Set(duplicates(entries.map((entry) => entry.id)))) {
        issue([kind], `${twice} is listed twice`);
      }
    }
    const regions = new Set(directory.regions.map((entry) => entry.id));
    const departments = new Set(directory.departments.map((entry) => entry.id));
    const people = new Map(directory.people.map((entry) => [entry.id, entry]));
    directory.departments.forEach((entry, index) => {
      if (entry.region !== undefined && !regions.has(entry.region)) {
        issue(['departments', index, 'region'], `${entry.region} is not a region of the file`);
      }
    });
    directory.people.forEach((entry, index) => {
      if (entry.region !== undefined && !regions.has(entry.region)) {
        issue(['people', index, 'region'], `${entry.region} is not a region of the file`);
      }
      if (entry.department !== undefined && !departments.has(entry.department)) {
        issue(['people', index, 'department'], `${entry.department} is not a department of the file`);
      }
      if (entry.supervisor !== undefined && !people.has(entry.supervisor)) {
        issue(['people', index, 'supervisor'], `${entry.supervisor} is not a person of the file`);
      }
      if (entry.roles.includes('sales_manager') && entry.region === undefined) {
        issue(['people', index, 'region'], 'a sales manager manages a region');
      }
      // Walk up the chain: a circle would make "who is above whom" undefined.
      const seen = new Set([entry.id]);
      for (let up = entry.supervisor; up !== undefined; up = people.get(up)?.supervisor) {
        if (seen.has(up)) {
          issue(['people', index, 'supervisor'], `supervision runs in a circle through ${up}`);
          break;
        }
        seen.add(up);
      }
    });
  });

export type Organization = z.infer<typeof organizationSchema>;
