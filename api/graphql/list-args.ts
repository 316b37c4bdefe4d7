import { builder } from './builder.js';

export const CatalogVisibility = builder.enumType('CatalogVisibility', {
  description: 'private: its owner; team: members of its team; public: every signed-in user',
  values: ['private', 'team', 'public'] as const,
});

type FieldBuilder = Parameters<Parameters<typeof builder.queryFields>[0]>[0];

/** The arguments every visibility-filtered list takes: team, visibility, tag, search, and paging. */
export const visibilityListArgs = (t: FieldBuilder) => ({
  teamId: t.arg.id(),
  visibility: t.arg({ type: CatalogVisibility }),
  tag: t.arg.string(),
  search: t.arg.string(),
  first: t.arg.int(),
  after: t.arg.string(),
});

/** Those arguments as the query modules' filter. */
export const visibilityListFilter = (a: { teamId?: string | number | null; visibility?: 'private' | 'team' | 'public' | null; tag?: string | null; search?: string | null }) => ({
  teamId: a.teamId ? String(a.teamId) : null,
  visibility: a.visibility,
  tag: a.tag,
  search: a.search,
});
