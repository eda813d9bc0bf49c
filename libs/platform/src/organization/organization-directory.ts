import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ConfigError } from '../config/load-config';
import {
  organizationSchema,
  type Organization,
  type OrganizationPerson,
  type OrganizationRegion,
} from './organization.schema';

/** Read-only lookups over a validated organization file. */
export class OrganizationDirectory {
  private readonly regions: ReadonlyMap<string, OrganizationRegion>;
  private readonly people: ReadonlyMap<string, OrganizationPerson>;

  constructor(readonly organization: Organization) {
    this.regions = new Map(organization.regions.map((entry) => [entry.id, entry]));
    this.people = new Map(organization.people.map((entry) => [entry.id, entry]));
  }

  /** Validates a parsed file; throws a ConfigError naming every problem. */
  static of(content: unknown, source = 'organization'): OrganizationDirectory {
    const result = organizationSchema.safeParse(content);
    if (!result.success) {
      throw new ConfigError(
        result.error.issues.map(
          (issue) => `${source}: ${issue.path.join('.') || '(file)'}: ${issue.message}`,
        ),
      );
    }
    return new OrganizationDirectory(result.data);
  }

  get version(): number {
    return this.organization.version;
  }

  regionIds(): string[] {
    return [...this.regions.keys()];
  }

  hasRegion(region: string): boolean {
    return this.regions.has(region);
  }

  person(id: string): OrganizationPerson | undefined {
    return this.people.get(id);
  }

  /** Who supervises this person directly; none for the top of the organization or a stranger. */
  supervisorOf(personId: string): string | undefined {
    return this.people.get(personId)?.supervisor;
  }

  /**
   * The line above a person, nearest first: their supervisor, that one's supervisor, and so on to
   * the top (the file is refused when supervision loops, so the walk ends).
   */
  supervisorsOf(personId: string): string[] {
    const line: string[] = [];
    for (let up = this.supervisorOf(personId); up !== undefined && !line.includes(up); ) {
      line.push(up);
      up = this.supervisorOf(up);
    }
    return line;
  }

  /** Everyone `supervisorId` supervises, directly or through others. */
  supervises(supervisorId: string, personId: string): boolean {
    const seen = new Set<string>();
    for (let up = this.people.get(personId)?.supervisor; up !== undefined; ) {
      if (up === supervisorId) return true;
      if (seen.has(up)) return false;
      seen.add(up);
      up = this.people.get(up)?.supervisor;
    }
    return false;
  }
}

/** Reads the organization file (YAML or JSON) once, at boot: a bad file stops the service. */
export function loadOrganizationDirectory(path: string): OrganizationDirectory {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`ORGANIZATION_FILE: cannot read ${path}: ${(error as Error).message}`]);
  }
  let content: unknown;
  try {
    content = parse(text);
  } catch (error) {
    throw new ConfigError([`ORGANIZATION_FILE: ${path} is not YAML: ${(error as Error).message}`]);
  }
  return OrganizationDirectory.of(content, path);
}
