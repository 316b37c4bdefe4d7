import type { SsoPreset } from '../../events/sso/events.js';
import type { Config } from '../config/config.js';
import { SsoError } from './errors.js';

/** Who the provider says signed in: what the sign-in rules look at, whatever the protocol. */
export interface ExternalIdentity {
  providerId: string;
  providerName: string;
  preset: SsoPreset;
  subject: string;
  email: string;
  emailVerified: boolean;
  fullName: string;
  /** Google's `hd` claim: the Workspace domain of the account. */
  hostedDomain?: string;
  /** GitHub organisations the user belongs to (logins, lower-case). */
  orgs?: string[];
}

export type SsoRules = Pick<Config['sso'], 'trustedDomains' | 'autoAdminDomains' | 'githubAdminOrgs' | 'googleAdminDomains'>;

export const emailDomain = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * Only a verified email identifies anyone: a provider that lets users type an unverified address would
 * otherwise hand out any account. The admin rules run after that check, so they see verified emails only.
 */
export function judgeIdentity(identity: ExternalIdentity, rules: SsoRules): { admin: boolean } {
  if (!identity.emailVerified) {
    throw new SsoError(
      'unverified_email',
      `${identity.providerName} did not confirm that ${identity.email} is verified. Verify the address with ${identity.providerName}, then sign in again.`,
    );
  }
  const domain = emailDomain(identity.email);
  if (rules.trustedDomains.length && !rules.trustedDomains.includes(domain)) {
    throw new SsoError('untrusted_domain', `Accounts of ${domain} may not sign in here. Use an address of: ${rules.trustedDomains.join(', ')}.`);
  }
  const byDomain = rules.autoAdminDomains.includes(domain);
  const byOrg = identity.preset === 'github' && (identity.orgs ?? []).some((o) => rules.githubAdminOrgs.includes(o.toLowerCase()));
  const byWorkspace = identity.preset === 'google' && !!identity.hostedDomain && rules.googleAdminDomains.includes(identity.hostedDomain.toLowerCase());
  return { admin: byDomain || byOrg || byWorkspace };
}
