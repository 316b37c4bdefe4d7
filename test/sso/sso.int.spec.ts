import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { manualClock, startTestServices, type TestServices } from '../support/services.js';
import { createStateStore } from '../../api/sso/states.js';
import { ssoApprovalDecider } from '../../events/sso/decide.js';
import { ssoApprovalStreamId } from '../../events/sso/events.js';

/** Providers and approvals (events and their projection) and the state store, on every dialect. */
describe.each(dialects)('SSO on %s', (dialect) => {
  let s: TestServices;
  const clock = manualClock();
  const meta = { actor: 'admin@example.com' };
  beforeAll(async () => {
    s = await startTestServices(dialect, { SSO_ENABLED: 'true', SSO_OKTA_ENABLED: 'true', SSO_OKTA_CLIENT_ID: 'okta-id', SSO_OKTA_CLIENT_SECRET: 'okta-secret-1', SSO_OKTA_ISSUER: 'https://corp.okta.example' }, clock);
  });
  afterAll(() => s?.close());

  it('creates, updates and deletes a provider; its secret is sealed at rest and opens for the flow only', async () => {
    const { sso, database } = s.services;
    const created = await sso.providers.create({ id: 'corp', name: 'Corp', preset: 'generic', issuer: 'https://id.corp.example', clientId: 'corp-id', clientSecret: 'corp-secret-plain' }, meta);
    expect(created).toMatchObject({ id: 'corp', preset: 'generic', enabled: true, source: 'graphql', hasClientSecret: true });
    expect(created).not.toHaveProperty('clientSecret');
    const [row] = await database.query<{ client_secret: string }>('select client_secret from sso_providers');
    expect(row.client_secret).not.toContain('corp-secret-plain');
    expect((await sso.providers.forSignIn('corp'))?.clientSecret).toBe('corp-secret-plain');

    const updated = await sso.providers.update('corp', { name: 'Corp SSO', clientSecret: 'corp-secret-2', enabled: false }, meta);
    expect(updated).toMatchObject({ name: 'Corp SSO', enabled: false, issuer: 'https://id.corp.example' });
    expect(await sso.providers.forSignIn('corp')).toBeUndefined();
    expect((await sso.providers.enabled()).map((p) => p.id)).toEqual(['okta']);
    expect((await sso.providers.list()).map((p) => [p.id, p.source])).toEqual([['okta', 'environment'], ['corp', 'graphql']]);

    await sso.providers.remove('corp', meta);
    expect((await sso.providers.list()).map((p) => p.id)).toEqual(['okta']);
    await expect(sso.providers.update('corp', { name: 'x' }, meta)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps environment providers read-only and their ids reserved; refuses bad input with the field named', async () => {
    const { sso } = s.services;
    await expect(sso.providers.update('okta', { name: 'Mine' }, meta)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(sso.providers.remove('okta', meta)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const base = { id: 'x', name: 'X', preset: 'okta', issuer: 'https://x.example', clientId: 'x', clientSecret: 's' };
    await expect(sso.providers.create({ ...base, id: 'github' }, meta)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(sso.providers.create({ ...base, id: 'Bad Id' }, meta)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'id' } });
    await expect(sso.providers.create({ ...base, preset: 'github' }, meta)).rejects.toMatchObject({ details: { field: 'preset' } });
    await expect(sso.providers.create({ ...base, issuer: 'not a url' }, meta)).rejects.toMatchObject({ details: { field: 'issuer' } });
    await expect(sso.providers.create({ ...base, clientSecret: '' }, meta)).rejects.toMatchObject({ details: { field: 'clientSecret' } });
    await sso.providers.create(base, meta);
    await expect(sso.providers.create(base, meta)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });

  it('lists pending approvals, records decisions once', async () => {
    const { sso, store } = s.services;
    for (const email of ['a@example.com', 'b@example.com']) {
      await store.handle(meta, ssoApprovalStreamId(email), ssoApprovalDecider, { type: 'Request', email, fullName: email, providerId: 'okta' });
    }
    expect((await sso.approvals.pending()).map((a) => a.email)).toEqual(['a@example.com', 'b@example.com']);
    expect(await sso.approvals.approve('A@example.com', meta)).toMatchObject({ email: 'a@example.com', status: 'approved', decidedBy: 'admin@example.com' });
    expect(await sso.approvals.reject('b@example.com', 'no', meta)).toMatchObject({ status: 'rejected', reason: 'no' });
    expect(await sso.approvals.pending()).toEqual([]);
    await expect(sso.approvals.reject('a@example.com', null, meta)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('hands a state out once, refuses it for another provider, and expires it after 10 minutes', async () => {
    const states = createStateStore(s.services.database, clock);
    await states.save('state-1', { providerId: 'okta', nonce: 'n1', codeVerifier: 'v1' });
    const both = await Promise.allSettled([states.consume('state-1', 'okta'), states.consume('state-1', 'okta')]);
    expect(both.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<unknown>).value)).toEqual([{ providerId: 'okta', nonce: 'n1', codeVerifier: 'v1' }]);
    expect(both.filter((r) => r.status === 'rejected')).toHaveLength(1);

    await states.save('state-2', { providerId: 'okta', nonce: 'n2', codeVerifier: 'v2' });
    await expect(states.consume('state-2', 'google')).rejects.toMatchObject({ reason: 'state_invalid' });

    await states.save('state-3', { providerId: 'okta', nonce: 'n3', codeVerifier: 'v3' });
    clock.advance(10 * 60_000);
    await expect(states.consume('state-3', 'okta')).rejects.toMatchObject({ reason: 'state_expired' });
    await states.save('state-4', { providerId: 'okta', nonce: 'n4', codeVerifier: 'v4' });
    clock.advance(10 * 60_000 - 1);
    await expect(states.consume('state-4', 'okta')).resolves.toMatchObject({ nonce: 'n4' });
    const rows = await s.services.database.query<{ state_hash: string }>('select state_hash from sso_auth_states');
    expect(rows.map((r) => r.state_hash)).not.toContain('state-4');
  });
});
