import { eq } from 'drizzle-orm';
import type { Services } from '../services.js';
import { NotFoundError } from '../../events/errors.js';
import { openSecrets } from '../gateways/credentials.js';
import { createUpstreamConnection, type UpstreamConnection, type UpstreamConnectionOptions } from '../mcp/upstream/connection.js';
import type { UpstreamSpec } from '../mcp/upstream/spec.js';

/**
 * How to reach a gateway's upstream, credential decrypted, for a connection of its own: what a downstream
 * session with session state (subscriptions, a log level, sampling/elicitation/roots) opens beside the
 * manager's pooled one. The spec never leaves this process and is never logged.
 */
export async function gatewaySpec(services: Services, gatewayId: string): Promise<UpstreamSpec> {
  const { gateways } = services.database.schema;
  const [row] = await services.database.db.select().from(gateways).where(eq(gateways.id, gatewayId)).limit(1);
  if (!row || !row.enabled) throw new NotFoundError('Gateway');
  const secrets = openSecrets(services.secretBox, row.id, row.credentials);
  if (row.transport === 'stdio') return { transport: 'stdio', command: row.command ?? '', args: JSON.parse(row.args) as string[], env: secrets.env };
  return { transport: row.transport as 'streamable_http' | 'sse', url: row.url ?? '', auth: secrets.auth ?? { type: 'none' } };
}

/** A connection bound to one downstream session, declaring what its client declared; closed with it. */
export async function openSessionConnection(
  services: Services,
  gatewayId: string,
  options: Pick<UpstreamConnectionOptions, 'capabilities' | 'handlers'>,
): Promise<UpstreamConnection> {
  const { config } = services;
  return createUpstreamConnection(await gatewaySpec(services, gatewayId), {
    gatewayId,
    logger: services.logger,
    connectTimeoutMs: config.mcp.validationTimeoutSeconds * 1000,
    requestTimeoutMs: config.mcp.toolTimeoutSeconds * 1000,
    ...options,
  });
}
