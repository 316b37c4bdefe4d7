/**
 * Reads typed values from an environment map, collecting one line per bad variable so that
 * start-up can stop with a message naming each variable and what it accepts.
 */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

export function createEnvReader(env: Env) {
  const problems: string[] = [];
  const raw = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const bad = (name: string, value: string, accepts: string) => {
    problems.push(`${name}=${JSON.stringify(value)} is invalid: expected ${accepts}`);
  };

  return {
    problems,
    str(name: string, fallback: string): string {
      return raw(name) ?? fallback;
    },
    optional(name: string): string | undefined {
      return raw(name);
    },
    int(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
      const value = raw(name);
      if (value === undefined) return fallback;
      const n = Number(value);
      const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
      if (!/^-?\d+$/.test(value) || n < min || n > max) {
        bad(name, value, `a whole number from ${min} to ${max}`);
        return fallback;
      }
      return n;
    },
    bool(name: string, fallback: boolean): boolean {
      const value = raw(name);
      if (value === undefined) return fallback;
      const v = value.toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(v)) return true;
      if (['false', '0', 'no', 'off'].includes(v)) return false;
      bad(name, value, 'true or false');
      return fallback;
    },
    oneOf<T extends string>(name: string, choices: readonly T[], fallback: T, caseInsensitive = true): T {
      const value = raw(name);
      if (value === undefined) return fallback;
      const found = choices.find((c) => (caseInsensitive ? c.toLowerCase() === value.toLowerCase() : c === value));
      if (!found) {
        bad(name, value, `one of ${choices.join(', ')}`);
        return fallback;
      }
      return found;
    },
    /** A JSON array of strings, or a comma-separated list (operators write both). */
    list(name: string, fallback: string[]): string[] {
      const value = raw(name);
      if (value === undefined) return fallback;
      if (value.startsWith('[')) {
        try {
          const parsed: unknown = JSON.parse(value);
          if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed.map((s) => s.trim());
        } catch {
          /* reported below */
        }
        bad(name, value, 'a JSON array of strings or a comma-separated list');
        return fallback;
      }
      return value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    },
    url(name: string, fallback: string): string {
      const value = raw(name) ?? fallback;
      try {
        const u = new URL(value);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
        return value.replace(/\/+$/, '');
      } catch {
        bad(name, value, 'an absolute http(s) URL such as https://gateway.example.com');
        return fallback;
      }
    },
    problem(name: string, value: string, accepts: string) {
      bad(name, value, accepts);
    },
  };
}
