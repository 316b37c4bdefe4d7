import { eq } from 'drizzle-orm';
import type { Db, Schema } from '../db/types.js';

/** A gateway's or item's tags become exactly `tags` (one row each, for the SQL tag filter). */
export async function replaceTags(tx: Db, schema: Schema, itemId: string, tags: readonly string[]): Promise<void> {
  const { catalogTags } = schema;
  await tx.delete(catalogTags).where(eq(catalogTags.itemId, itemId));
  if (tags.length) await tx.insert(catalogTags).values([...new Set(tags)].map((tag) => ({ itemId, tag })));
}
