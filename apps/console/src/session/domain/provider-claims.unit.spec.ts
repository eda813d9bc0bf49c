import { parseRoleMap, userFromClaims, type ClaimMapping } from './provider-claims';

const mapping: ClaimMapping = {
  userIdClaim: 'preferred_username',
  nameClaim: 'name',
  rolesClaim: 'realm_access.roles',
  regionClaim: 'region',
  roleMap: parseRoleMap('crm-reps=sales_rep, crm-admins=admin,machines=personal_data_reader'),
};

describe('a verified ID token → the console user', () => {
  it('maps the provider’s groups (a nested claim) to CRM roles, with name and region', () => {
    expect(
      userFromClaims(
        {
          sub: 'f3b1',
          preferred_username: 'rep-east-1',
          name: '李伟',
          region: 'east',
          realm_access: { roles: ['offline_access', 'crm-reps', 'crm-admins'] },
        },
        mapping,
      ),
    ).toEqual({
      outcome: 'user',
      user: { userId: 'rep-east-1', name: '李伟', roles: ['sales_rep', 'admin'], region: 'east' },
    });
  });

  it('takes CRM role names as they are when no map is configured, from a space-separated string', () => {
    const outcome = userFromClaims(
      { sub: 'analyst-1', roles: 'analyst  bogus,supervisor' },
      { ...mapping, userIdClaim: 'sub', rolesClaim: 'roles', roleMap: {} },
    );
    expect(outcome).toEqual({
      outcome: 'user',
      user: { userId: 'analyst-1', name: 'analyst-1', roles: ['supervisor', 'analyst'] },
    });
  });

  it.each([
    [{ preferred_username: 'x', realm_access: { roles: ['staff'] } }, 'no-role'],
    [{ preferred_username: 'x', realm_access: { roles: ['machines'] } }, 'no-role'],
    [{ preferred_username: 'x', realm_access: { roles: 'admin' } }, 'no-role'],
    [{ preferred_username: 'x' }, 'no-role'],
    [{ preferred_username: '', realm_access: { roles: ['crm-reps'] } }, 'no-user-id'],
    [{ preferred_username: 42, realm_access: { roles: ['crm-reps'] } }, 'no-user-id'],
    [{ realm_access: { roles: ['crm-reps'] } }, 'no-user-id'],
  ])('refuses %j (%s): never a machine role, never an unmapped name', (claims, outcome) => {
    expect(userFromClaims(claims, mapping)).toEqual({ outcome });
  });

  it('refuses a role map naming a role the CRM does not have', () => {
    expect(() => parseRoleMap('crm-reps=salesrep')).toThrow(/not a role/);
    expect(() => parseRoleMap('crm-reps')).toThrow(/group=role/);
    expect(parseRoleMap('')).toEqual({});
  });
});
