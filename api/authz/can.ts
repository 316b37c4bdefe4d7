import type { Principal } from './principal.js';
import type { AuthzView } from './view.js';
import { allows, isMembershipRole, isReadOnly, type MembershipRole } from './permissions.js';

export type Visibility = 'private' | 'team' | 'public';

/** What the rules need to know about a thing: whose it is, which team holds it, who may see it. */
export interface ResourceRef {
  teamId: string | null;
  ownerEmail: string | null;
  visibility: Visibility;
  /** The permission domain it belongs to (tools, servers…), for the owner's rights over what they made. */
  kind?: string;
}

/** A team as the target of an action (teams.update, inviting members, creating a resource in it). */
export interface TeamRef {
  teamId: string;
}

export type Target = ResourceRef | TeamRef | undefined;

const isResource = (t: Target): t is ResourceRef => !!t && 'visibility' in t;

/**
 * Using an item rather than managing it. A public item is there for everyone who can see it: running it
 * takes the right from any of one's roles (a team one only while a member), not one in the item's team.
 */
const USE_PERMISSIONS = new Set(['tools.execute', 'a2a.invoke']);

/**
 * The one place the rules live. Visibility decides what exists for you; permissions decide what you may
 * do with what exists. Every surface (GraphQL, REST, MCP) asks these, against current state.
 */
export function createAuthz(view: AuthzView) {
  function globalRoles(p: Principal): string[] {
    return view.grantsOf(p.userId).filter((g) => g.teamId === null).map((g) => g.roleId);
  }
  const isAuditor = (p: Principal) => globalRoles(p).includes('auditor');

  function membership(p: Principal, teamId: string): MembershipRole | null {
    const g = view.grantsOf(p.userId).find((x) => x.teamId === teamId && isMembershipRole(x.roleId));
    return (g?.roleId as MembershipRole | undefined) ?? null;
  }

  /** Permission patterns the principal holds in a team (membership role plus team grants) and globally. */
  function patterns(p: Principal, teamId: string | null): string[] {
    const out: string[] = [];
    const member = teamId ? membership(p, teamId) !== null : false;
    for (const g of view.grantsOf(p.userId)) {
      // A role within a team counts only while its holder belongs to that team.
      if (g.teamId !== null && (g.teamId !== teamId || !member)) continue;
      out.push(...(view.role(g.roleId)?.permissions ?? []));
    }
    return out;
  }

  /** Every permission pattern the principal holds in any team they belong to, and globally. */
  function patternsAnywhere(p: Principal): string[] {
    const out: string[] = [];
    for (const g of view.grantsOf(p.userId)) {
      if (g.teamId !== null && membership(p, g.teamId) === null) continue;
      out.push(...(view.role(g.roleId)?.permissions ?? []));
    }
    return out;
  }

  function canSee(p: Principal | null, r: ResourceRef): boolean {
    if (!p) return false;
    if (p.isPlatformAdmin || isAuditor(p)) return true;
    if (r.ownerEmail !== null && r.ownerEmail === p.email) return true;
    if (r.visibility === 'public') return true;
    return r.visibility === 'team' && r.teamId !== null && membership(p, r.teamId) !== null;
  }

  /**
   * An API token carries at most its permission list, and within its team only: outside that team, only
   * what its creator holds globally. Its creator's rights are still read now, below.
   */
  function tokenAllows(p: Principal, permission: string, target: Target): boolean {
    const scope = p.scope;
    if (!scope) return true;
    if (scope.permissions && !allows(scope.permissions, permission)) return false;
    const teamId = target?.teamId ?? null;
    if (scope.teamId === null || teamId === null || teamId === scope.teamId) return true;
    return p.isPlatformAdmin || allows(patterns(p, null), permission);
  }

  function can(p: Principal | null, permission: string, target?: Target): boolean {
    if (!p) return false;
    if (!tokenAllows(p, permission, target)) return false;
    if (p.isPlatformAdmin) return true;
    if (isAuditor(p) && isReadOnly(permission)) return true;
    if (isResource(target)) {
      if (!canSee(p, target)) return false;
      const held = patterns(p, target.teamId);
      if (allows(held, permission)) return true;
      if (target.visibility === 'public' && USE_PERMISSIONS.has(permission) && allows(patternsAnywhere(p), permission)) return true;
      // Members manage what they made: the right to create a kind in a team covers one's own items of it.
      const [domain] = permission.split('.');
      return target.ownerEmail === p.email && allows(held, `${target.kind ?? domain}.create`);
    }
    return allows(patterns(p, target?.teamId ?? null), permission);
  }

  return {
    can,
    canSee,
    isAuditor,
    membership,
    /** Every permission pattern the principal holds in the team (or globally), for myPermissions. */
    permissionsIn: (p: Principal, teamId: string | null) => (p.isPlatformAdmin ? ['*'] : [...new Set(patterns(p, teamId))].sort()),
    /** Full platform-admin powers: an admin's account, not narrowed by a token's permission list. */
    isFullAdmin: (p: Principal | null) => !!p?.isPlatformAdmin && !p.scope?.permissions,
    /** Teams the principal belongs to, from current state. */
    teamsOf: (p: Principal) => view.grantsOf(p.userId).filter((g) => g.teamId !== null && isMembershipRole(g.roleId)).map((g) => g.teamId!),
  };
}

export type Authz = ReturnType<typeof createAuthz>;
