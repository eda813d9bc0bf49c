import type { Role } from '@crm/contracts';
import type { Principal } from '../auth/principal';
import { OrganizationDirectory } from '../organization/organization-directory';
import {
  coversAll,
  mayAct,
  mayRead,
  mayReadHistory,
  scopeOf,
  seesClear,
  sliceFilter,
  type CustomerRef,
} from './access-scope';

const directory = OrganizationDirectory.of({
  version: 3,
  regions: [
    { id: 'east', name: '华东' },
    { id: 'west', name: '华西' },
  ],
  people: [
    { id: 'mgr-east', name: '王芳', roles: ['sales_manager'], region: 'east' },
    { id: 'rep-east', name: '李伟', roles: ['sales_rep'], region: 'east', supervisor: 'mgr-east' },
    { id: 'boss', name: '赵磊', roles: ['admin'] },
  ],
});

const who = (userId: string, roles: Role[], region?: string): Principal => ({
  userId,
  roles,
  ...(region ? { region } : {}),
});

const ownEast: CustomerRef = { ownerId: 'rep-1', region: 'east' };
const otherEast: CustomerRef = { ownerId: 'rep-2', region: 'east' };
const otherWest: CustomerRef = { ownerId: 'rep-3', region: 'west' };

describe('scopeOf: what each role may see and do', () => {
  it('a sales rep reads and acts on their own customers only, in clear', () => {
    const scope = scopeOf(who('rep-1', ['sales_rep'], 'east'), directory);
    expect([ownEast, otherEast, otherWest].map((c) => mayRead(scope, c))).toEqual([
      true,
      false,
      false,
    ]);
    expect(mayAct(scope, ownEast)).toBe(true);
    expect(seesClear(scope, ownEast)).toBe(true);
    expect(mayReadHistory(scope, ownEast)).toBe(false);
    expect(sliceFilter(scope)).toEqual({ ownerId: 'rep-1' });
  });

  it('a sales manager reads, acts on and audits their region only', () => {
    const scope = scopeOf(who('mgr-x', ['sales_manager'], 'east'), directory);
    expect([ownEast, otherEast, otherWest].map((c) => mayAct(scope, c))).toEqual([
      true,
      true,
      false,
    ]);
    expect(mayRead(scope, otherWest)).toBe(false);
    expect(mayReadHistory(scope, otherEast)).toBe(true);
    expect(sliceFilter(scope, { ownerId: 'repId', region: 'profile.region' })).toEqual({
      'profile.region': 'east',
    });
  });

  it('a sales manager without a region sees nothing', () => {
    const scope = scopeOf(who('mgr-y', ['sales_manager']), directory);
    expect([ownEast, otherWest].some((c) => mayRead(scope, c))).toBe(false);
    expect(sliceFilter(scope)).toBeNull();
  });

  it("the directory's region replaces the token's claim for a person it lists", () => {
    const scope = scopeOf(who('mgr-east', ['sales_manager'], 'west'), directory);
    expect(scope.region).toBe('east');
    expect(mayRead(scope, otherWest)).toBe(false);
    expect(mayRead(scope, otherEast)).toBe(true);
  });

  it.each(['service_agent', 'supervisor'] as const)(
    'a %s reads any customer in clear (complaints come from anyone) and changes none',
    (role) => {
      const scope = scopeOf(who('agent-9', [role]), directory);
      expect([ownEast, otherWest].every((c) => mayRead(scope, c) && seesClear(scope, c))).toBe(
        true,
      );
      expect([ownEast, otherWest].some((c) => mayAct(scope, c) || mayReadHistory(scope, c))).toBe(
        false,
      );
      expect(sliceFilter(scope)).toEqual({});
      expect(sliceFilter(scope, undefined, 'acts')).toBeNull();
    },
  );

  it('an analyst reads every customer masked, with no name search and no action', () => {
    const scope = scopeOf(who('analyst-1', ['analyst']), directory);
    expect(mayRead(scope, otherWest)).toBe(true);
    expect(coversAll(scope)).toBe(true);
    expect(seesClear(scope, otherWest)).toBe(false);
    expect(mayAct(scope, otherWest)).toBe(false);
    expect(sliceFilter(scope, undefined, 'clear')).toBeNull();
  });

  it('an admin reads, acts on and audits everything', () => {
    const scope = scopeOf(who('boss', ['admin']), directory);
    expect(
      [ownEast, otherWest, undefined].every(
        (c) => mayRead(scope, c) && mayAct(scope, c) && seesClear(scope, c) && mayReadHistory(scope, c),
      ),
    ).toBe(true);
    expect(coversAll(scope, 'acts')).toBe(true);
    expect(sliceFilter(scope, undefined, 'history')).toEqual({});
  });

  it('a customer whose owner and region are unknown is visible to an all-customers grant only', () => {
    expect(mayRead(scopeOf(who('rep-1', ['sales_rep']), directory), undefined)).toBe(false);
    expect(mayRead(scopeOf(who('m', ['sales_manager'], 'east'), directory), undefined)).toBe(false);
    expect(mayRead(scopeOf(who('a', ['analyst']), directory), undefined)).toBe(true);
  });
});

describe('scopeOf: several roles give the union, never more', () => {
  it('[sales_rep, analyst] reads its own in clear and every other customer masked', () => {
    const scope = scopeOf(who('rep-1', ['sales_rep', 'analyst']), directory);
    expect(seesClear(scope, ownEast)).toBe(true);
    expect(mayRead(scope, otherWest)).toBe(true);
    expect(seesClear(scope, otherWest)).toBe(false);
    expect(mayAct(scope, otherWest)).toBe(false);
    expect(mayAct(scope, ownEast)).toBe(true);
    // Name search only where names are in clear: no oracle on masked ones.
    expect(sliceFilter(scope, undefined, 'clear')).toEqual({ ownerId: 'rep-1' });
    expect(sliceFilter(scope)).toEqual({});
  });

  it('[sales_rep, sales_manager] covers their own customers and their region', () => {
    const scope = scopeOf(who('rep-1', ['sales_rep', 'sales_manager'], 'west'), directory);
    expect([ownEast, otherEast, otherWest].map((c) => mayAct(scope, c))).toEqual([
      true,
      false,
      true,
    ]);
    expect(mayReadHistory(scope, ownEast)).toBe(false);
    expect(sliceFilter(scope)).toEqual({ $or: [{ ownerId: 'rep-1' }, { region: 'west' }] });
  });

  it('[supervisor, sales_rep] acts only on its own customers though it reads all', () => {
    const scope = scopeOf(who('rep-1', ['supervisor', 'sales_rep']), directory);
    expect(mayRead(scope, otherWest)).toBe(true);
    expect(mayAct(scope, otherWest)).toBe(false);
    expect(sliceFilter(scope, undefined, 'acts')).toEqual({ ownerId: 'rep-1' });
  });
});
