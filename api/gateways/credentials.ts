import type { SecretBox } from '../crypto/secret-box.js';
import type { UpstreamAuth } from '../mcp/upstream/spec.js';

/** What a gateway keeps sealed: the upstream credential (HTTP) or the child's environment (stdio). */
export interface GatewaySecrets {
  auth?: UpstreamAuth;
  env?: Record<string, string>;
}

/** The context binds a sealed value to its gateway: a blob copied onto another gateway does not open. */
const context = (gatewayId: string) => `gateway:${gatewayId}:credentials`;

export function sealSecrets(box: SecretBox, gatewayId: string, secrets: GatewaySecrets): string | null {
  const hasAuth = secrets.auth && secrets.auth.type !== 'none';
  const hasEnv = secrets.env && Object.keys(secrets.env).length > 0;
  if (!hasAuth && !hasEnv) return null;
  return box.seal(JSON.stringify({ auth: hasAuth ? secrets.auth : undefined, env: hasEnv ? secrets.env : undefined }), context(gatewayId));
}

export function openSecrets(box: SecretBox, gatewayId: string, sealed: string | null): GatewaySecrets {
  return sealed ? (JSON.parse(box.open(sealed, context(gatewayId))) as GatewaySecrets) : {};
}
