import { ValidationError } from '../../events/errors.js';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

export interface PageRequest {
  limit: number;
  offset: number;
}

/** Offset cursors for projection lists (the event log pages by position instead). */
export function pageRequest(first: number | null | undefined, after: string | null | undefined): PageRequest {
  const limit = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ValidationError(`first must be between 1 and ${MAX_PAGE_SIZE}`, { field: 'first' });
  }
  let offset = 0;
  if (after) {
    const decoded = Number(Buffer.from(after, 'base64url').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0) throw new ValidationError('after is not a cursor this list gave out', { field: 'after' });
    offset = decoded;
  }
  return { limit, offset };
}

/** Fetch one row more than asked to know whether another page exists, without a count query. */
export function pageOf<T>(rows: T[], page: PageRequest): { items: T[]; nextCursor: string | null } {
  const more = rows.length > page.limit;
  return {
    items: more ? rows.slice(0, page.limit) : rows,
    nextCursor: more ? Buffer.from(String(page.offset + page.limit)).toString('base64url') : null,
  };
}
