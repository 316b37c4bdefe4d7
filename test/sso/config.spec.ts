import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../api/config/config.js';

describe('SSO settings', () => {
  it('has the documented defaults', () => {
    const { sso } = loadConfig({});
    expect(sso).toMatchObject({
      enabled: false,
      autoCreateUsers: true,
      preserveAdminAuth: true,
      requireAdminApproval: false,
      trustedDomains: [],
      autoAdminDomains: [],
      githubAdminOrgs: [],
      googleAdminDomains: [],
      github: { enabled: false, baseUrl: 'https://github.com', apiUrl: 'https://api.github.com' },
      google: { enabled: false, issuer: 'https://accounts.google.com' },
    });
  });

  it('reads JSON arrays (or comma lists) of domains and orgs, lower-cased', () => {
    const { sso } = loadConfig({ SSO_TRUSTED_DOMAINS: '["Corp.example", "@other.example"]', SSO_GITHUB_ADMIN_ORGS: 'Platform,Ops', SSO_GOOGLE_ADMIN_DOMAINS: '[]' });
    expect(sso.trustedDomains).toEqual(['corp.example', 'other.example']);
    expect(sso.githubAdminOrgs).toEqual(['platform', 'ops']);
    expect(sso.googleAdminDomains).toEqual([]);
  });

  it('names each missing setting of an enabled provider', () => {
    let error: unknown;
    try {
      loadConfig({ SSO_ENABLED: 'true', SSO_OKTA_ENABLED: 'true', SSO_GITHUB_ENABLED: 'true', SSO_GITHUB_CLIENT_ID: 'id', SSO_TRUSTED_DOMAINS: '[1]' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['SSO_OKTA_CLIENT_ID', 'SSO_OKTA_CLIENT_SECRET', 'SSO_OKTA_ISSUER', 'SSO_GITHUB_CLIENT_SECRET', 'SSO_TRUSTED_DOMAINS']) expect(problems).toContain(name);
    expect(problems).not.toContain('SSO_GITHUB_CLIENT_ID');
  });
});
