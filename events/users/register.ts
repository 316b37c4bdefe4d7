import { isUniqueViolation } from '../db/errors.js';
import { AlreadyExistsError } from '../errors.js';
import type { Schema } from '../db/types.js';
import type { UnitOfWork } from '../store/store.js';
import type { StoredEvent } from '../store/types.js';
import { decideUser, userDecider, type UserCommand } from './decide.js';
import { normalizeEmail } from './email.js';
import { userStreamId } from './events.js';
import { findUserByEmail } from './read.js';

export type Registration = Omit<Extract<UserCommand, { type: 'Register' }>, 'type'>;

function duplicate(email: string) {
  return new AlreadyExistsError(`An account with the email ${email} already exists`, { field: 'email' });
}

/**
 * Registers inside the caller's transaction, so whatever else a registration implies (a personal team)
 * commits with it. Appends are serialised by the log-head lock, so the check below sees every earlier
 * registration; the unique index on users.email is the backstop, mapped to the same error.
 */
export async function registerUser(unit: UnitOfWork, schema: Schema, registration: Registration): Promise<StoredEvent[]> {
  const email = normalizeEmail(registration.email);
  if (await findUserByEmail(unit.tx, schema, email)) throw duplicate(email);
  const streamId = userStreamId(registration.userId);
  const { state, version } = await unit.load(streamId, userDecider);
  const events = decideUser({ type: 'Register', ...registration, email }, state);
  try {
    return await unit.append(streamId, version, events);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(email);
    throw err;
  }
}
