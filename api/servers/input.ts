import { ValidationError } from '../../events/errors.js';
import { ITEM_KINDS, type ItemKind } from '../../events/catalog/events.js';
import type { NameExposure } from '../../events/servers/events.js';

/** A custom id is part of the server's URLs and kept exactly as given: letters, digits and `- _ . ~`. */
const SERVER_ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;
const EXPOSURES: readonly NameExposure[] = ['catalog', 'upstream'];
const MAX_MEMBERS = 1000;

export interface MemberInput {
  kind: ItemKind;
  itemId: string;
  alias?: string | null;
}

export function checkServerId(id: unknown): string {
  if (typeof id !== 'string' || !SERVER_ID.test(id)) {
    throw new ValidationError('id must be 1 to 128 characters of letters, digits and - _ . ~, starting with a letter or digit', { field: 'id' });
  }
  return id;
}

export function checkExposure(value: unknown, fallback: NameExposure): NameExposure {
  if (value === undefined || value === null) return fallback;
  if (!EXPOSURES.includes(value as NameExposure)) throw new ValidationError(`exposure must be one of ${EXPOSURES.join(', ')}`, { field: 'exposure' });
  return value as NameExposure;
}

export function checkMembers(value: unknown): MemberInput[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ValidationError('members must be a list of {kind, itemId, alias}', { field: 'members' });
  if (value.length > MAX_MEMBERS) throw new ValidationError(`a server has at most ${MAX_MEMBERS} members`, { field: 'members' });
  return value.map((m: unknown, i) => {
    const member = m as Partial<MemberInput> | null;
    if (!member || !ITEM_KINDS.includes(member.kind as ItemKind)) {
      throw new ValidationError(`members[${i}].kind must be one of ${ITEM_KINDS.join(', ')}`, { field: 'members' });
    }
    if (typeof member.itemId !== 'string' || !member.itemId) throw new ValidationError(`members[${i}].itemId is required`, { field: 'members' });
    const alias = member.alias === undefined || member.alias === null || member.alias === '' ? null : member.alias;
    if (alias !== null && typeof alias !== 'string') throw new ValidationError(`members[${i}].alias must be a string`, { field: 'members' });
    return { kind: member.kind as ItemKind, itemId: member.itemId, alias };
  });
}
