import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { DEFAULT_ADMIN, bearer, createSignedInUser, graphql, login } from '../support/auth.js';

const AUDIT_QUERIES = {
  events: '{ events(page: { first: 5 }) { events { type } } }',
  eventLogHead: '{ eventLogHead { position } }',
  verifyEventLog: '{ verifyEventLog { ok } }',
};

/** The foundation's audit queries through the real sign-in: a platform admin gets them, nobody else. */
describe('audit queries need audit.read', () => {
  let t: TestApp;
  let admin: string;
  let member: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await login(t, DEFAULT_ADMIN.email, DEFAULT_ADMIN.password);
    member = await createSignedInUser(t, admin, 'member@example.com');
  });
  afterAll(() => t.close());

  it.each(Object.entries(AUDIT_QUERIES))('%s: admin answered, member forbidden, anonymous unauthenticated', async (field, query) => {
    const asAdmin = await graphql(t, query, {}, bearer(admin));
    expect(asAdmin.errors).toBeUndefined();
    expect(asAdmin.data?.[field]).toBeTruthy();
    const asMember = await graphql(t, query, {}, bearer(member));
    expect(asMember).toMatchObject({ data: null, errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    const anonymous = await graphql(t, query);
    expect(anonymous).toMatchObject({ data: null, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('an auditor, or a custom role granting audit.read, gets them on the next request; revoking ends it', async () => {
    const auditor = await createSignedInUser(t, admin, 'auditor@example.com');
    const grant = (roleId: string, on: boolean) =>
      graphql(t, `mutation($r: ID!) { ${on ? 'grantRole' : 'revokeRole'}(email: "auditor@example.com", roleId: $r) }`, { r: roleId }, bearer(admin));
    expect((await graphql(t, AUDIT_QUERIES.eventLogHead, {}, bearer(auditor))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await grant('auditor', true)).errors).toBeUndefined();
    expect((await graphql(t, AUDIT_QUERIES.eventLogHead, {}, bearer(auditor))).errors).toBeUndefined();
    await grant('auditor', false);
    expect((await graphql(t, AUDIT_QUERIES.eventLogHead, {}, bearer(auditor))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const role = await graphql<{ createRole: { id: string } }>(
      t,
      'mutation { createRole(name: "Log reader", scope: global, permissions: ["audit.read"]) { id } }',
      {},
      bearer(admin),
    );
    await grant(role.data!.createRole.id, true);
    expect((await graphql(t, AUDIT_QUERIES.events, {}, bearer(auditor))).errors).toBeUndefined();
  });

  it('a member promoted to platform admin gets them on the next request, and loses them when demoted', async () => {
    const promote = (on: boolean) => graphql(t, `mutation { setPlatformAdmin(email: "member@example.com", isPlatformAdmin: ${on}) { id } }`, {}, bearer(admin));
    await promote(true);
    expect((await graphql(t, AUDIT_QUERIES.eventLogHead, {}, bearer(member))).errors).toBeUndefined();
    await promote(false);
    expect((await graphql(t, AUDIT_QUERIES.eventLogHead, {}, bearer(member))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
