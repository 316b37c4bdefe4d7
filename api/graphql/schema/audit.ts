import { builder } from '../builder.js';
import { listEvents, MAX_PAGE_SIZE, type AuditEvent, type AuditPage } from '../../../events/audit/queries.js';
import { readHead, verifyDatabase } from '../../../events/audit/verify.js';
import { parseExpectedHead, type VerifyResult } from '../../../events/audit/chain-check.js';
import type { LogHead } from '../../../events/store/types.js';

// Whoever holds audit.read: platform admins (*), the auditor role, or a custom role granting it.
const auditors = { permission: 'audit.read' } as const;

const AuditEventRef = builder.objectRef<AuditEvent>('AuditEvent').implement({
  description: 'One event of the log as an auditor sees it: secret fields show their redaction marker {"$redacted": "sha256:…"}.',
  fields: (t) => ({
    position: t.exposeInt('position', { description: 'Global, gapless; also the cursor.' }),
    streamId: t.exposeString('streamId'),
    streamVersion: t.exposeInt('streamVersion'),
    type: t.exposeString('type'),
    data: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Null when the type is unknown to this version, since its secret fields are unknown too.',
      resolve: (e) => e.data,
    }),
    actor: t.string({ nullable: true, resolve: (e) => e.metadata.actor }),
    requestId: t.string({ nullable: true, resolve: (e) => e.metadata.requestId }),
    clientIp: t.string({ nullable: true, resolve: (e) => e.metadata.clientIp }),
    userAgent: t.string({ nullable: true, resolve: (e) => e.metadata.userAgent }),
    recordedAt: t.field({ type: 'DateTime', resolve: (e) => e.metadata.time }),
    hash: t.exposeString('hash'),
  }),
});

const AuditEventPageRef = builder.objectRef<AuditPage>('AuditEventPage').implement({
  fields: (t) => ({
    events: t.field({ type: [AuditEventRef], resolve: (p) => p.events }),
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.exposeString('endCursor', { nullable: true, description: 'Pass as page.after for the next page.' }),
  }),
});

const EventLogHeadRef = builder.objectRef<LogHead>('EventLogHead').implement({
  description: 'The newest position and its hash: record them, then verify later with them to catch a truncated or rewritten tail.',
  fields: (t) => ({
    position: t.exposeInt('position'),
    hash: t.exposeString('hash'),
  }),
});

const EventLogVerificationRef = builder.objectRef<VerifyResult>('EventLogVerification').implement({
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    checked: t.exposeInt('checked', { description: 'Events whose hash checked out before the first failure (or all).' }),
    firstBadPosition: t.exposeInt('firstBadPosition', { nullable: true }),
    problem: t.exposeString('problem', {
      nullable: true,
      description: 'position-gap, stream-version-order, hash-mismatch, malformed, head-mismatch or expected-head-mismatch.',
    }),
    reason: t.exposeString('reason', { nullable: true }),
    lastGood: t.field({ type: EventLogHeadRef, resolve: (r) => r.last }),
  }),
});

const EventFilterInput = builder.inputType('AuditEventFilter', {
  fields: (t) => ({
    type: t.string({ required: false }),
    streamId: t.string({ required: false }),
    actor: t.string({ required: false }),
    from: t.field({ type: 'DateTime', required: false, description: 'Recorded at or after.' }),
    to: t.field({ type: 'DateTime', required: false, description: 'Recorded before.' }),
  }),
});

const EventPageInput = builder.inputType('AuditEventPageInput', {
  fields: (t) => ({
    first: t.int({ required: false, description: `At most ${MAX_PAGE_SIZE}; 50 when left out.` }),
    after: t.string({ required: false, description: 'The endCursor of the previous page.' }),
  }),
});

builder.queryFields((t) => ({
  events: t.field({
    type: AuditEventPageRef,
    description: 'The event log in position order, filtered; secret fields are never returned.',
    authScopes: auditors,
    args: { filter: t.arg({ type: EventFilterInput, required: false }), page: t.arg({ type: EventPageInput, required: false }) },
    resolve: (_root, { filter, page }, { services }) => listEvents(services.database, services.store.registry, filter ?? {}, page ?? {}),
  }),
  eventLogHead: t.field({
    type: EventLogHeadRef,
    authScopes: auditors,
    resolve: (_root, _args, { services }) => readHead(services.database),
  }),
  verifyEventLog: t.field({
    type: EventLogVerificationRef,
    description: 'Walks the hash chain from position 1; with expectHead ("POSITION:HASH" from eventLogHead) also catches a truncated or rewritten tail.',
    authScopes: auditors,
    args: { expectHead: t.arg.string({ required: false }) },
    resolve: (_root, { expectHead }, { services }) =>
      verifyDatabase(services.database, services.store.registry, { expectHead: expectHead ? parseExpectedHead(expectHead) : undefined }),
  }),
}));
