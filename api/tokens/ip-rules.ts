import { BlockList, isIP } from 'node:net';
import { ValidationError } from '../../events/errors.js';

export interface IpRules {
  /** True when no rule is set, or the address matches one. */
  allows(ip: string | null): boolean;
}

/** Each rule is an address or a CIDR block, IPv4 or IPv6; a bad one is refused with its text. */
export function parseIpRules(rules: readonly string[]): IpRules {
  const list = new BlockList();
  for (const rule of rules) {
    const [address, bits, extra] = rule.trim().split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    const prefix = bits === undefined ? max : Number(bits);
    if (!family || extra !== undefined || !/^\d+$/.test(bits ?? String(max)) || prefix > max) {
      throw new ValidationError(`ipRules: "${rule}" is not an IP address or CIDR block (e.g. 10.0.0.0/8, 2001:db8::/32)`, { field: 'ipRules' });
    }
    list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return {
    allows(ip) {
      if (rules.length === 0) return true;
      if (!ip) return false;
      const family = isIP(ip);
      return family !== 0 && list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
