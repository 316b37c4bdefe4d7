import { and, eq, inArray, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Schema } from '../../events/db/types.js';
import type { Visibility } from '../../events/catalog/events.js';

export interface ListFilter {
  teamId?: string | null;
  visibility?: Visibility | null;
  tag?: string | null;
  search?: string | null;
}

/** `!` escapes LIKE's wildcards: one ESCAPE character all three dialects read the same way. */
const likePattern = (text: string) => `%${text.trim().toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;

export function searchIn(columns: AnyColumn[], search: string | null | undefined): SQL | undefined {
  if (!search?.trim()) return undefined;
  const pattern = likePattern(search);
  return or(...columns.map((c) => sql`lower(${c}) like ${pattern} escape '!'`));
}

/** Rows carrying the tag, looked up in catalog_tags by its index. */
export function taggedWith(schema: Schema, id: AnyColumn, tag: string | null | undefined): SQL | undefined {
  if (!tag?.trim()) return undefined;
  const { catalogTags } = schema;
  return inArray(id, sql`(select ${catalogTags.itemId} from ${catalogTags} where ${catalogTags.tag} = ${tag.trim().toLowerCase()})`);
}

/** The filters every catalog list takes, besides the visibility predicate. */
export function commonFilters(
  schema: Schema,
  columns: { id: AnyColumn; teamId: AnyColumn; visibility: AnyColumn; searchable: AnyColumn[] },
  filter: ListFilter,
): SQL | undefined {
  return and(
    filter.teamId ? eq(columns.teamId, filter.teamId) : undefined,
    filter.visibility ? eq(columns.visibility, filter.visibility) : undefined,
    taggedWith(schema, columns.id, filter.tag),
    searchIn(columns.searchable, filter.search),
  );
}

/** Tags of the rows on one page, in one query. */
export async function tagsOf(db: import('../../events/db/types.js').Db, schema: Schema, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!ids.length) return out;
  const { catalogTags } = schema;
  const rows = await db.select().from(catalogTags).where(inArray(catalogTags.itemId, ids)).orderBy(catalogTags.tag);
  for (const r of rows) out.set(r.itemId, [...(out.get(r.itemId) ?? []), r.tag]);
  return out;
}
