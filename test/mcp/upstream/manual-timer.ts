import type { Timer } from '../../../api/mcp/upstream/timer.js';

/** A Timer the test moves by hand: nothing it schedules runs until `advance` passes its due time. */
export function manualTimer(start = new Date('2030-01-01T00:00:00.000Z')) {
  let nowMs = start.getTime();
  let nextId = 0;
  const tasks = new Map<number, { at: number; run: () => void }>();
  const timer: Timer & {
    advance(ms: number): void;
    /** Delays (from now) of everything scheduled, soonest first. */
    pending(): number[];
  } = {
    now: () => new Date(nowMs),
    schedule(delayMs, run) {
      const id = nextId++;
      tasks.set(id, { at: nowMs + delayMs, run });
      return () => void tasks.delete(id);
    },
    advance(ms) {
      const until = nowMs + ms;
      for (;;) {
        const due = [...tasks.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        tasks.delete(due[0]);
        nowMs = due[1].at;
        due[1].run();
      }
      nowMs = until;
    },
    pending: () => [...tasks.values()].map((t) => t.at - nowMs).sort((a, b) => a - b),
  };
  return timer;
}
