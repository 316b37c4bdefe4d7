import { afterAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createUpstreamConnection, type UpstreamEvent } from '../../../api/mcp/upstream/connection.js';
import { STARTUP_STDERR } from '../../fixtures/crashing-server.js';
import { stdioFixture } from '../../fixtures/run-stdio.js';
import { manualTimer } from './manual-timer.js';
import { capturedLogger, nextEvent } from './support.js';

const text = (r: CallToolResult) => (r.content[0] as { text: string }).text;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('a supervised stdio upstream', () => {
  const timer = manualTimer();
  const { logger, lines } = capturedLogger();
  const conn = createUpstreamConnection({ transport: 'stdio', ...stdioFixture('crashing-server') }, { gatewayId: 'gw-crash', logger, timer });
  const events: UpstreamEvent[] = [];
  conn.subscribe((e) => events.push(e));
  const next = (type: UpstreamEvent['type']) => nextEvent(conn.subscribe, (e: UpstreamEvent) => e.type === type);

  afterAll(() => conn.close());

  /** Crashes the child with a call in flight and returns the restart the connection scheduled. */
  async function crash() {
    const scheduled = next('restart_scheduled');
    await expect(conn.callTool('crash')).rejects.toMatchObject({
      code: 'UPSTREAM_DISCONNECTED',
      message: expect.stringContaining('closed the connection during tools/call'),
    });
    return (await scheduled) as Extract<UpstreamEvent, { type: 'restart_scheduled' }>;
  }

  async function restartAfter(delayMs: number) {
    const connected = next('connected');
    timer.advance(delayMs);
    expect(await connected).toMatchObject({ type: 'connected', reconnect: true });
  }

  it('logs the child stderr at warn with the gateway id', async () => {
    expect(text(await conn.callTool('echo', { text: 'hi' }))).toBe('hi');
    await vi.waitFor(() =>
      expect(lines()).toContainEqual(
        expect.objectContaining({ level: 40, gatewayId: 'gw-crash', msg: 'upstream stderr', stderr: expect.stringContaining(STARTUP_STDERR) }),
      ),
    );
  });

  it('restarts a killed child after 1 s, 2 s, 4 s… of the controlled clock', async () => {
    const firstPid = Number(text(await conn.callTool('pid')));

    expect(await crash()).toMatchObject({ attempt: 0, delayMs: 1000 });
    expect(timer.pending()).toEqual([1000]);
    expect(conn.state()).toBe('restarting');
    // While it waits, calls fail at once instead of respawning the child early.
    await expect(conn.callTool('echo', { text: 'x' })).rejects.toMatchObject({
      code: 'UPSTREAM_UNREACHABLE',
      message: expect.stringContaining('is being restarted'),
    });
    timer.advance(999);
    expect(conn.state()).toBe('restarting');
    await restartAfter(1);

    const secondPid = Number(text(await conn.callTool('pid')));
    expect(secondPid).not.toBe(firstPid);
    expect(alive(firstPid)).toBe(false);

    expect(await crash()).toMatchObject({ attempt: 1, delayMs: 2000 });
    await restartAfter(2000);
    expect(await crash()).toMatchObject({ attempt: 2, delayMs: 4000 });
    await restartAfter(4000);
    expect(text(await conn.callTool('echo', { text: 'back' }))).toBe('back');
    expect(lines()).toContainEqual(expect.objectContaining({ level: 40, gatewayId: 'gw-crash', msg: 'stdio upstream exited; restart scheduled', delayMs: 4000 }));
  });

  it('starts again from 1 s once the child has run stably', async () => {
    timer.advance(60_000);
    expect(await crash()).toMatchObject({ attempt: 0, delayMs: 1000 });
    await restartAfter(1000);
  });

  it('close() kills the child and stops restarting', async () => {
    const pid = Number(text(await conn.callTool('pid')));
    await conn.close();
    expect(alive(pid)).toBe(false);
    expect(conn.state()).toBe('closed');
    expect(timer.pending()).toEqual([]);
    timer.advance(120_000);
    expect(events.filter((e) => e.type === 'connected')).toHaveLength(5);
    await expect(conn.callTool('echo', { text: 'x' })).rejects.toMatchObject({ code: 'UPSTREAM_UNREACHABLE' });
  });
});

describe('a stdio child that fails to come back', () => {
  it('keeps retrying with growing delays until it starts again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-restart-'));
    const broken = join(dir, 'broken');
    const { command, args } = stdioFixture('crashing-server');
    const script = `test -e "$BROKEN_FLAG" && exit 1; exec "$0" "$@"`;
    const timer = manualTimer();
    const conn = createUpstreamConnection(
      { transport: 'stdio', command: 'sh', args: ['-c', script, command, ...args], env: { BROKEN_FLAG: broken } },
      { gatewayId: 'gw-broken', logger: capturedLogger().logger, timer },
    );
    const next = (type: UpstreamEvent['type']) => nextEvent(conn.subscribe, (e: UpstreamEvent) => e.type === type);
    try {
      await conn.callTool('echo', { text: 'up' });
      writeFileSync(broken, '');
      const first = next('restart_scheduled');
      await expect(conn.callTool('crash')).rejects.toMatchObject({ code: 'UPSTREAM_DISCONNECTED' });
      expect(await first).toMatchObject({ attempt: 0, delayMs: 1000 });

      const failed = next('restart_failed');
      const second = next('restart_scheduled');
      timer.advance(1000);
      expect(await failed).toMatchObject({ error: { code: 'UPSTREAM_HANDSHAKE_FAILED' } });
      expect(await second).toMatchObject({ attempt: 1, delayMs: 2000 });

      rmSync(broken);
      const connected = next('connected');
      timer.advance(2000);
      expect(await connected).toMatchObject({ reconnect: true });
      expect(text(await conn.callTool('echo', { text: 'again' }))).toBe('again');
    } finally {
      await conn.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
