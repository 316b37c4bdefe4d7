import { SsoError } from './errors.js';
import type { ExternalIdentity } from './rules.js';
import type { SsoProvider } from './providers.js';

interface GitHubUser {
  id: number;
  login: string;
  name: string | null;
}
interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

/**
 * Who signed in through GitHub: /user, the primary email from /user/emails (its `verified` flag is what
 * counts; the public profile email proves nothing) and the organisations from /user/orgs.
 */
export async function gitHubIdentity(provider: SsoProvider, accessToken: string): Promise<ExternalIdentity> {
  const api = async <T>(path: string): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(`${provider.apiUrl}${path}`, {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/vnd.github+json', 'user-agent': 'switchboard-sso' },
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      throw new SsoError('provider_unreachable', `GitHub's API could not be reached (${(err as Error).name}). Try again later.`, { cause: err });
    }
    if (!res.ok) throw new SsoError('provider_error', `GitHub's API answered ${res.status} to ${path}. Try again later.`);
    return (await res.json()) as T;
  };
  const [user, emails, orgs] = await Promise.all([
    api<GitHubUser>('/user'),
    api<GitHubEmail[]>('/user/emails'),
    api<{ login: string }[]>('/user/orgs'),
  ]);
  const primary = emails.find((e) => e.primary);
  if (!primary) throw new SsoError('unverified_email', 'Your GitHub account has no primary email address. Add and verify one on GitHub, then sign in again.');
  return {
    providerId: provider.id,
    providerName: provider.name,
    preset: 'github',
    subject: String(user.id),
    email: primary.email,
    emailVerified: primary.verified === true,
    fullName: user.name ?? user.login,
    orgs: orgs.map((o) => o.login.toLowerCase()),
  };
}
