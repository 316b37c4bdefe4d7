import { canonicalJson } from '../../events/store/canonical-json.js';
import type { DiscoveredItem } from '../../events/catalog/decide.js';
import { ITEM_KINDS, type ItemKind } from '../../events/catalog/events.js';

/** What identifies an item upstream: tools and prompts by name, resources by URI, templates by URI template. */
function upstreamNameOf(kind: ItemKind, item: Record<string, unknown>): string {
  const key = kind === 'resources' ? item.uri : kind === 'resourceTemplates' ? item.uriTemplate : item.name;
  return String(key);
}

/** Discovery results (already NUL-escaped by the upstream layer) as the catalog decider takes them. */
export function discoveredItems(discovery: Partial<Record<ItemKind, readonly object[]>>): DiscoveredItem[] {
  const out: DiscoveredItem[] = [];
  for (const kind of ITEM_KINDS) {
    for (const item of (discovery[kind] ?? []) as Record<string, unknown>[]) out.push({ kind, upstreamName: upstreamNameOf(kind, item), definition: canonicalJson(item) });
  }
  return out;
}

/** A list_changed notification names tools, resources or prompts; resources covers the templates too. */
export function kindsOf(notified: 'tools' | 'resources' | 'prompts'): ItemKind[] {
  return notified === 'resources' ? ['resources', 'resourceTemplates'] : [notified];
}
