import { writeFileSync } from 'node:fs';
import { BUILT_IN_ROLES, PERMISSIONS, allows } from './permissions.js';

/** docs/roles.md: the built-in roles × permissions table, generated from permissions.ts (npm run docs:roles). */
export function rolesTable(): string {
  const header = `| permission | ${BUILT_IN_ROLES.map((r) => `\`${r.id}\``).join(' | ')} |`;
  const rule = `| --- | ${BUILT_IN_ROLES.map(() => ':---:').join(' | ')} |`;
  const rows = PERMISSIONS.map((p) => `| \`${p}\` | ${BUILT_IN_ROLES.map((r) => (allows(r.permissions, p) ? '✓' : '')).join(' | ')} |`);
  const roles = BUILT_IN_ROLES.map((r) => `- \`${r.id}\` (${r.scope}): ${r.description} Patterns: ${r.permissions.map((p) => `\`${p}\``).join(', ')}.`);
  return [
    '# Built-in roles and permissions',
    '',
    'Generated from `api/authz/permissions.ts` by `npm run docs:roles`; a test fails when this file is stale.',
    '',
    'Visibility decides what exists for you; these permissions decide what you may do with what exists.',
    'A team role counts only inside its team and only while its holder is a member. Besides the table, the',
    'owner of an item may update and delete it while they hold `<kind>.create` in its team, and auditors',
    'see past visibility read-only. Using a public item (`tools.execute`, `a2a.invoke`) takes the permission',
    'from any of one\'s roles (a team role while a member, e.g. of one\'s personal team), not one in the',
    'item\'s team. Platform admins hold `*`. Any active user may create a team (bounded by',
    'MAX_TEAMS_PER_USER), so `teams.create` matters only to custom roles and API-token permission lists.',
    '',
    ...roles,
    '',
    header,
    rule,
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../../docs/roles.md', import.meta.url), rolesTable());
}
