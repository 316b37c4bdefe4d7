import { afterAll, describe, expect, it, vi } from 'vitest';
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
