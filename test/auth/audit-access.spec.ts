import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { DEFAULT_ADMIN, bearer, createSignedInUser, graphql, login } from '../support/auth.js';

const AUDIT_QUERIES = {
  events: '{ events(page: { first: 5 }) { events { type } } }',
  eventLogHead: '{ eventLogHead { position } }',
  verifyEventLog: '{ verifyEventLog { ok } }',
};

/** The foundation's audit queries through the real sign-in: a platform admin gets them, nobody else. */
describe('audit queries need a platform admin', () => {
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

  it('a member promoted to platform admin gets them on the next request, and loses them when demoted', async () => {
    const promote = (on: boolean) => graphql(t, `mutation { setPlatformAdmin(email: "member@example.com", isPlatformAdmin: ${on}) { id } }`, {}, bearer(admin));
    await promote(true);
    expect((await graphql(t, AUDIT_QUERIES.eventLogHead, {}, bearer(member))).errors).toBeUndefined();
    await promote(false);
    expect((await graphql(t, AUDIT_QUERIES.eventLogHead, {}, bearer(member))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
