import { describe, expect, it } from 'vitest';
import { decideSsoApproval, decideSsoProvider, evolveSsoApproval, initialSsoProviderState, type SsoApprovalState } from '../../../events/sso/decide.js';
import type { SsoApprovalEvent } from '../../../events/sso/events.js';
import { decideUser } from '../../../events/users/decide.js';
import { initialUserState, type UserState } from '../../../events/users/evolve.js';

const now = new Date('2026-11-25T12:00:00.400Z');
const stored = (e: SsoApprovalEvent, i: number) => ({ ...e, position: i, streamId: 's', streamVersion: i, hash: '', metadata: { actor: null, requestId: null, clientIp: null, userAgent: null, time: now.toISOString() } });
const approval = (...events: SsoApprovalEvent[]): SsoApprovalState => events.reduce<SsoApprovalState>((s, e, i) => evolveSsoApproval(s, stored(e, i + 1)), { email: '', status: 'none' });
const requested: SsoApprovalEvent = { type: 'SsoApprovalRequested', data: { email: 'a@example.com', fullName: 'A', providerId: 'okta' } };

describe('SSO deciders', () => {
  it('requests approval once; a pending request is approved or rejected once', () => {
    expect(decideSsoApproval({ type: 'Request', email: 'a@example.com', fullName: 'A', providerId: 'okta' }, approval())).toEqual([requested]);
    expect(decideSsoApproval({ type: 'Request', email: 'a@example.com', fullName: 'A', providerId: 'okta' }, approval(requested))).toEqual([]);
    expect(decideSsoApproval({ type: 'Approve', decidedBy: 'root' }, approval(requested))).toEqual([{ type: 'SsoApprovalGranted', data: { email: 'a@example.com', decidedBy: 'root' } }]);
    const rejected = approval(requested, { type: 'SsoApprovalRejected', data: { email: 'a@example.com', decidedBy: 'root', reason: '' } });
    expect(rejected.status).toBe('rejected');
    expect(() => decideSsoApproval({ type: 'Approve', decidedBy: 'root' }, rejected)).toThrow(/already rejected/);
    expect(() => decideSsoApproval({ type: 'Reject', decidedBy: 'root', reason: '' }, approval())).toThrow(/not found/);
  });

  it('creates OIDC providers only, with an id fit for a URL path', () => {
    const create = { type: 'Create' as const, providerId: 'corp-sso', name: ' Corp ', preset: 'okta', issuer: 'https://corp.example', clientId: 'id', clientSecret: 'sealed', enabled: true };
    expect(decideSsoProvider(create, initialSsoProviderState())).toEqual([
      { type: 'SsoProviderCreated', data: { providerId: 'corp-sso', name: 'Corp', preset: 'okta', issuer: 'https://corp.example', clientId: 'id', clientSecret: 'sealed', enabled: true } },
    ]);
    expect(() => decideSsoProvider({ ...create, providerId: '-corp' }, initialSsoProviderState())).toThrow(/lower-case/);
    expect(() => decideSsoProvider({ ...create, preset: 'github' }, initialSsoProviderState())).toThrow(/preset/);
    expect(() => decideSsoProvider({ type: 'Update', name: 'x' }, initialSsoProviderState())).toThrow(/not found/);
    const existing = { exists: true, providerId: 'corp-sso', preset: 'okta' as const };
    expect(decideSsoProvider({ type: 'Update' }, existing)).toEqual([]);
    expect(decideSsoProvider({ type: 'Update', enabled: false }, existing)).toEqual([{ type: 'SsoProviderUpdated', data: { providerId: 'corp-sso', enabled: false } }]);
  });

  it('an SSO take-over of an unverified account removes its password, ends its sessions and verifies the email; a verified one is left alone', () => {
    const unverified: UserState = { ...initialUserState(), exists: true, userId: 'u1', email: 'u@example.com', passwordHash: '$argon2id$x', active: true };
    expect(decideUser({ type: 'TakeOverBySso', now }, unverified)).toEqual([
      { type: 'UserPasswordRemoved', data: { userId: 'u1', reason: 'sso_takeover' } },
      { type: 'UserSessionsEnded', data: { userId: 'u1', notBefore: '2026-11-25T12:00:01.000Z', reason: 'sso_takeover' } },
      { type: 'UserEmailVerified', data: { userId: 'u1', method: 'sso' } },
    ]);
    expect(decideUser({ type: 'TakeOverBySso', now }, { ...unverified, passwordHash: null }).map((e) => e.type)).toEqual(['UserSessionsEnded', 'UserEmailVerified']);
    expect(decideUser({ type: 'TakeOverBySso', now }, { ...unverified, emailVerified: true })).toEqual([]);
  });
});
