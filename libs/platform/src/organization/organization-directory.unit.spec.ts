import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config/load-config';
import { loadOrganizationDirectory, OrganizationDirectory } from './organization-directory';

const valid = {
  version: 7,
  regions: [
    { id: 'east', name: '华东大区' },
    { id: 'west', name: 'West' },
  ],
  departments: [{ id: 'sales-east', name: '华东销售部', region: 'east' }],
  people: [
    { id: 'ceo', name: '赵磊', roles: ['admin'] },
    { id: 'mgr', name: '王芳', roles: ['sales_manager'], region: 'east', supervisor: 'ceo' },
    {
      id: 'rep',
      name: '李伟',
      roles: ['sales_rep'],
      region: 'east',
      department: 'sales-east',
      supervisor: 'mgr',
    },
  ],
};

const problemsOf = (content: unknown): string => {
  try {
    OrganizationDirectory.of(content);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('the directory was accepted');
};

describe('OrganizationDirectory', () => {
  it('answers regions, people and who supervises whom', () => {
    const directory = OrganizationDirectory.of(valid);
    expect(directory.version).toBe(7);
    expect(directory.regionIds()).toEqual(['east', 'west']);
    expect(directory.hasRegion('east')).toBe(true);
    expect(directory.hasRegion('atlantis')).toBe(false);
    expect(directory.person('rep')?.region).toBe('east');
    expect(directory.supervises('mgr', 'rep')).toBe(true);
    expect(directory.supervises('ceo', 'rep')).toBe(true);
    expect(directory.supervises('rep', 'mgr')).toBe(false);
  });

  it('names the line above a person, nearest first (D6 alerts, D7 escalation)', () => {
    const directory = OrganizationDirectory.of(valid);
    expect(directory.supervisorOf('rep')).toBe('mgr');
    expect(directory.supervisorsOf('rep')).toEqual(['mgr', 'ceo']);
    expect(directory.supervisorsOf('ceo')).toEqual([]);
    expect(directory.supervisorOf('stranger')).toBeUndefined();
    expect(directory.supervisorsOf('stranger')).toEqual([]);
  });

  it('refuses references to regions, departments and people it does not list', () => {
    const message = problemsOf({
      ...valid,
      departments: [{ id: 'd', name: 'D', region: 'north' }],
      people: [
        { id: 'a', name: 'A', roles: ['sales_rep'], region: 'south', department: 'x', supervisor: 'nobody' },
      ],
    });
    expect(message).toMatch(/departments\.0\.region: north is not a region/);
    expect(message).toMatch(/people\.0\.region: south is not a region/);
    expect(message).toMatch(/people\.0\.department: x is not a department/);
    expect(message).toMatch(/people\.0\.supervisor: nobody is not a person/);
  });

  it('refuses a file without a version', () => {
    expect(problemsOf({ regions: valid.regions })).toMatch(/organization: version/);
  });

  it('refuses duplicates, a manager without a region and a circle of supervisors', () => {
    const message = problemsOf({
      version: 1,
      regions: [
        { id: 'east', name: 'E' },
        { id: 'east', name: 'E again' },
      ],
      people: [
        { id: 'a', name: 'A', roles: ['sales_manager'], supervisor: 'b' },
        { id: 'b', name: 'B', roles: ['sales_rep'], supervisor: 'a' },
      ],
    });
    expect(message).toMatch(/regions: east is listed twice/);
    expect(message).toMatch(/people\.0\.region: a sales manager manages a region/);
    expect(message).toMatch(/supervision runs in a circle/);
  });

  it('refuses unknown keys and roles', () => {
    const message = problemsOf({
      ...valid,
      people: [{ id: 'a', name: 'A', roles: ['superuser'], clearance: 'top' }],
    });
    expect(message).toMatch(/people\.0\.roles\.0/);
    expect(message).toMatch(/clearance/);
  });

  it('loads a YAML file, and names the file when it cannot', () => {
    const folder = mkdtempSync(join(tmpdir(), 'organization-'));
    const file = join(folder, 'organization.yaml');
    writeFileSync(file, 'version: 2\nregions:\n  - { id: "south\\0", name: 华南大区 }\n');
    expect(() => loadOrganizationDirectory(file)).toThrow(/regions\.0\.id/);
    writeFileSync(file, 'version: 2\nregions:\n  - { id: 华南, name: 华南大区 }\n');
    expect(loadOrganizationDirectory(file).regionIds()).toEqual(['华南']);
    writeFileSync(file, 'version: [2\n');
    expect(() => loadOrganizationDirectory(file)).toThrow(/is not YAML/);
    expect(() => loadOrganizationDirectory(join(folder, 'missing.yaml'))).toThrow(
      /ORGANIZATION_FILE: cannot read/,
    );
  });

  it('the shipped config/organization.yaml is valid and lists the demo users', () => {
    const directory = loadOrganizationDirectory(join(__dirname, '../../../../config/organization.yaml'));
    for (const id of ['rep-east-1', 'manager-east', 'agent-1', 'supervisor-1', 'analyst-1', 'admin-1']) {
      expect(directory.person(id)).toBeDefined();
    }
    expect(directory.person('rep-west-2')?.supervisor).toBe('manager-west');
  });
});
