import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Prompt, Resource, ResourceTemplate, ServerCapabilities, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { escapeNul } from './escape-nul.js';
import { UpstreamError } from './errors.js';

export type CatalogKind = 'tools' | 'resources' | 'resourceTemplates' | 'prompts';

export interface CatalogItems {
  tools: Tool;
  resources: Resource;
  resourceTemplates: ResourceTemplate;
  prompts: Prompt;
}

export type Discovery = { [K in CatalogKind]: CatalogItems[K][] };

/** A misbehaving upstream could page forever; no real server needs more pages than this. */
export const MAX_PAGES = 1_000;

const CAPABILITY: Record<CatalogKind, keyof ServerCapabilities> = {
  tools: 'tools',
  resources: 'resources',
  resourceTemplates: 'resources',
  prompts: 'prompts',
};

/** Whether the server's initialize declared the capability that lists this kind. */
export function declares(capabilities: ServerCapabilities, kind: CatalogKind): boolean {
  return capabilities[CAPABILITY[kind]] !== undefined;
}

/**
 * Every item of one kind, following nextCursor to the end, with NUL characters escaped (escape-nul.ts).
 * Lists only what the server declared: an undeclared kind is empty, not an error.
 */
export async function listAll<K extends CatalogKind>(
  client: Client,
  capabilities: ServerCapabilities,
  kind: K,
  options?: RequestOptions,
): Promise<CatalogItems[K][]> {
  if (!declares(capabilities, kind)) return [];
  const items: CatalogItems[K][] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await listPage(client, kind, cursor, options);
    items.push(...(result.items.map(escapeNul) as CatalogItems[K][]));
    cursor = result.nextCursor;
    if (cursor === undefined) return items;
    if (seen.has(cursor)) throw new UpstreamError('UPSTREAM_REQUEST_FAILED', `Upstream repeated the ${kind} pagination cursor ${JSON.stringify(cursor)}`);
    seen.add(cursor);
  }
  throw new UpstreamError('UPSTREAM_REQUEST_FAILED', `Upstream returned more than ${MAX_PAGES} pages of ${kind}`);
}

async function listPage(client: Client, kind: CatalogKind, cursor: string | undefined, options?: RequestOptions) {
  const params = cursor === undefined ? {} : { cursor };
  switch (kind) {
    case 'tools': {
      const r = await client.listTools(params, options);
      return { items: r.tools, nextCursor: r.nextCursor };
    }
    case 'resources': {
      const r = await client.listResources(params, options);
      return { items: r.resources, nextCursor: r.nextCursor };
    }
    case 'resourceTemplates': {
      const r = await client.listResourceTemplates(params, options);
      return { items: r.resourceTemplates, nextCursor: r.nextCursor };
    }
    case 'prompts': {
      const r = await client.listPrompts(params, options);
      return { items: r.prompts, nextCursor: r.nextCursor };
    }
  }
}

/** The whole catalog of one upstream: tools, resources, resource templates and prompts. */
export async function discoverAll(client: Client, capabilities: ServerCapabilities, options?: RequestOptions): Promise<Discovery> {
  // One kind after another: some servers (stdio ones especially) handle requests serially anyway.
  return {
    tools: await listAll(client, capabilities, 'tools', options),
    resources: await listAll(client, capabilities, 'resources', options),
    resourceTemplates: await listAll(client, capabilities, 'resourceTemplates', options),
    prompts: await listAll(client, capabilities, 'prompts', options),
  };
}
