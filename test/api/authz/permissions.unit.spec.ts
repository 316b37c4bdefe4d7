import { describe, expect, it } from 'vitest';
import { allows, BUILT_IN_ROLES, isPermissionPattern, PERMISSIONS } from '../../../api/authz/permissions.js';

describe('permission patterns', () => {
  it('accepts exact permissions, domain wildcards and *, and nothing else', () => {
    expect(isPermissionPattern('tools.execute')).toBe(true);
    expect(isPermissionPattern('tools.*')).toBe(true);
    expect(isPermissionPattern('*')).toBe(true);
    expect(isPermissionPattern('tools.fly')).toBe(false);
    expect(isPermissionPattern('robots.*')).toBe(false);
  });

  it('matches a wildcard only within its domain', () => {
    expect(allows(['tools.*'], 'tools.delete')).toBe(true);
    expect(allows(['tools.*'], 'toolsx.read')).toBe(false);
    expect(allows(['teams.read'], 'teams.update')).toBe(false);
  });

  it('keeps built-in roles to the catalogue and the auditor read-only', () => {
    for (const role of BUILT_IN_ROLES) for (const p of role.permissions) expect(isPermissionPattern(p), `${role.id}: ${p}`).toBe(true);
    const auditor = BUILT_IN_ROLES.find((r) => r.id === 'auditor')!;
    expect(PERMISSIONS.filter((p) => allows(auditor.permissions, p)).every((p) => p.endsWith('.read'))).toBe(true);
    const member = BUILT_IN_ROLES.find((r) => r.id === 'team_member')!;
    expect(allows(member.permissions, 'teams.manage_members')).toBe(false);
    expect(allows(member.permissions, 'tools.execute')).toBe(true);
  });
});
