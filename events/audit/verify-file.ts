import type { EventRegistry } from '../store/store.js';
import type { LogHead } from '../store/types.js';
import { readExport } from '../export/ndjson.js';
import { createChainChecker, verifyResult, type ChainChecker, type VerifyResult } from './chain-check.js';

export interface FileVerifyResult extends VerifyResult {
  /** Set when the export starts after position 1: its first event is trusted as the anchor. */
  anchoredAt: number | null;
}

/**
 * Verifies an NDJSON export offline. An export from position 1 is checked from genesis; one made with
 * `--from N` can only be checked from its first event on, which the result says.
 */
export async function verifyFile(file: string, registry: EventRegistry, options: { expectHead?: LogHead } = {}): Promise<FileVerifyResult> {
  let checker: ChainChecker | undefined;
  let anchoredAt: number | null = null;
  const done = (c: ChainChecker, failure: Parameters<typeof verifyResult>[1]) => ({ ...verifyResult(c, failure), anchoredAt });
  for await (const entry of readExport(file)) {
    if ('error' in entry) {
      const c = checker ?? createChainChecker(registry);
      return done(c, { position: c.last.position + 1, problem: 'malformed', reason: entry.error });
    }
    const { event } = entry;
    if (!checker) {
      if (event.position > 1) {
        // The predecessor's hash is not in the file: the first event anchors the chain, unchecked.
        anchoredAt = event.position;
        checker = createChainChecker(registry, {
          anchor: { position: event.position, hash: event.hash },
          lenientStreams: true,
          expectHead: options.expectHead,
        });
        continue;
      }
      checker = createChainChecker(registry, { expectHead: options.expectHead });
    }
    const failure = checker.check(event);
    if (failure) return done(checker, failure);
  }
  const c = checker ?? createChainChecker(registry, { expectHead: options.expectHead });
  return done(c, c.finish());
}
