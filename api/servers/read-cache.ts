/**
 * Reads on the MCP hot path (a server, the member a call names) remembered until the next commit. The store
 * awaits its commit listeners before a change's response is sent, so clearing here keeps "a change applies to
 * the very next request" while a steady stream of calls reads no table. Bounded: it starts afresh when full.
 */
export function createReadCache(max = 10_000) {
  let entries = new Map<string, Promise<unknown>>();
  return {
    get<T>(key: string, load: () => Promise<T>): Promise<T> {
      let hit = entries.get(key) as Promise<T> | undefined;
      if (!hit) {
        if (entries.size >= max) entries = new Map();
        const map = entries;
        hit = load();
        map.set(key, hit);
        hit.catch(() => map.delete(key));
      }
      return hit;
    },
    clear() {
      entries = new Map();
    },
  };
}
