import { ValidationError } from '../errors.js';
import type { EventRegistry } from '../store/store.js';
import { chainHash, GENESIS_HASH } from '../store/hash-chain.js';
import type { LogHead, StoredEvent } from '../store/types.js';

export type ChainProblem =
  | 'position-gap'
  | 'stream-version-order'
  | 'hash-mismatch'
  | 'malformed'
  | 'head-mismatch'
  | 'expected-head-mismatch';

export interface ChainFailure {
  position: number;
  problem: ChainProblem;
  reason: string;
}

export interface ChainCheckerOptions {
  /** Where the walk starts: genesis, or (for a partial export) the first event, trusted as the anchor. */
  anchor?: LogHead;
  /** A partial export starts mid-stream: accept the first version seen of each stream. */
  lenientStreams?: boolean;
  /** `--expect-head POS:HASH`: the event at POS must carry HASH. */
  expectHead?: LogHead;
}

export interface ChainChecker {
  /** Checks the next event in position order; the first failure is returned and the checker stops advancing. */
  check(event: StoredEvent): ChainFailure | null;
  /** The last event that checked out (genesis or the anchor when none did). */
  readonly last: LogHead;
  readonly checked: number;
  /** After the walk: what only the end of the log can tell (the expected head was never reached). */
  finish(): ChainFailure | null;
}

/**
 * The rules of the log, applied one event at a time so callers stream it: positions follow each other
 * with no gap, each stream's versions count up by one in position order, and each hash is
 * sha256(previous hash ‖ canonical record with the type's secret fields sealed). A field already holding a
 * redaction marker hashes as itself, so redacted exports and events of types unknown to the registry
 * (whose secrets were sealed when exported) verify too.
 */
export function createChainChecker(registry: EventRegistry, options: ChainCheckerOptions = {}): ChainChecker {
  let last: LogHead = options.anchor ?? { position: 0, hash: GENESIS_HASH };
  let checked = 0;
  const versions = new Map<string, number>();
  const expect = options.expectHead;

  return {
    get last() {
      return last;
    },
    get checked() {
      return checked;
    },
    check(event) {
      const expected = last.position + 1;
      if (event.position !== expected) {
        return event.position > expected
          ? { position: expected, problem: 'position-gap', reason: `position ${expected} is missing: the next event is at ${event.position}` }
          : { position: event.position, problem: 'position-gap', reason: `position ${event.position} comes after ${last.position}: positions must increase by one` };
      }
      const problems: { problem: ChainProblem; text: string }[] = [];
      const previousVersion = versions.get(event.streamId);
      const wantVersion = (previousVersion ?? 0) + 1;
      const lenientFirst = previousVersion === undefined && options.lenientStreams;
      if (event.streamVersion !== wantVersion && !lenientFirst) {
        problems.push({
          problem: 'stream-version-order',
          text: `stream ${event.streamId} has version ${event.streamVersion} where ${wantVersion} was expected`,
        });
      }
      const secretFields = registry.types[event.type]?.secretFields;
      const computed = chainHash(last.hash, event, secretFields);
      if (computed !== event.hash) {
        const unknown = registry.types[event.type] ? '' : ` (type ${event.type} is not in the registry: if it holds unsealed secrets, its hash cannot be recomputed)`;
        problems.push({ problem: 'hash-mismatch', text: `hash mismatch: stored ${event.hash}, recomputed ${computed}${unknown}` });
      }
      if (problems.length) {
        return { position: event.position, problem: problems[0].problem, reason: problems.map((p) => p.text).join('; ') };
      }
      if (expect && event.position === expect.position && event.hash !== expect.hash) {
        return {
          position: event.position,
          problem: 'expected-head-mismatch',
          reason: `position ${event.position} has hash ${event.hash}, but the recorded head says ${expect.hash}: the log was rewritten`,
        };
      }
      versions.set(event.streamId, event.streamVersion);
      last = { position: event.position, hash: event.hash };
      checked++;
      return null;
    },
    finish() {
      if (expect && last.position < expect.position) {
        return {
          position: last.position + 1,
          problem: 'expected-head-mismatch',
          reason: `the log ends at position ${last.position}, but the recorded head is at ${expect.position}: it was truncated`,
        };
      }
      return null;
    },
  };
}

/** `POS:HASH`, as `events head` prints it. */
export function parseExpectedHead(text: string): LogHead {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!match) throw new ValidationError(`The expected head must be POSITION:HASH as printed by "events head" (got "${text}")`, { field: 'expectHead' });
  return { position: Number(match[1]), hash: match[2] };
}

export interface VerifyResult {
  ok: boolean;
  /** Events whose chain checked out before the first failure (or all of them). */
  checked: number;
  /** The last event that checked out. */
  last: LogHead;
  firstBadPosition: number | null;
  problem: ChainProblem | null;
  reason: string | null;
}

export function verifyResult(checker: ChainChecker, failure: ChainFailure | null): VerifyResult {
  return {
    ok: failure === null,
    checked: checker.checked,
    last: checker.last,
    firstBadPosition: failure?.position ?? null,
    problem: failure?.problem ?? null,
    reason: failure?.reason ?? null,
  };
}
