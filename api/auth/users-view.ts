import type { Database } from '../../events/db/types.js';
import type { StoredEvent } from '../../events/store/types.js';
import type { StoredUserEvent } from '../../events/users/events.js';

/** What authentication needs of an account on every request. */
export interface ViewUser {
  id: string;
  email: string;
  fullName: string;
  isPlatformAdmin: boolean;
  isActive: boolean;
}

export interface UsersView {
  byEmail(email: string): ViewUser | undefined;
  byId(id: string): ViewUser | undefined;
  apply(events: readonly StoredEvent[]): void;
}

/**
 * Accounts in memory: read once from the `users` projection at start-up, then kept current from each
 * commit (store.subscribe), so authenticating a request costs no database read and a role change applies
 * to the very next request.
 */
export async function loadUsersView(database: Database): Promise<UsersView> {
  const { users } = database.schema;
  const byId = new Map<string, ViewUser>();
  const byEmail = new Map<string, ViewUser>();
  const put = (user: ViewUser) => {
    byId.set(user.id, user);
    byEmail.set(user.email, user);
  };
  const rows = await database.db
    .select({ id: users.id, email: users.email, fullName: users.fullName, isPlatformAdmin: users.isPlatformAdmin, isActive: users.isActive })
    .from(users);
  for (const r of rows) put({ ...r, isPlatformAdmin: Boolean(r.isPlatformAdmin), isActive: Boolean(r.isActive) });

  const change = (id: string, values: Partial<ViewUser>) => {
    const user = byId.get(id);
    if (user) put({ ...user, ...values });
  };

  return {
    byEmail: (email) => byEmail.get(email),
    byId: (id) => byId.get(id),
    apply(events) {
      for (const stored of events) {
        const event = stored as StoredUserEvent;
        switch (event.type) {
          case 'UserRegistered': {
            const d = event.data;
            put({ id: d.userId, email: d.email, fullName: d.fullName, isPlatformAdmin: d.isPlatformAdmin, isActive: true });
            break;
          }
          case 'UserActivated':
          case 'UserDeactivated':
            change(event.data.userId, { isActive: event.type === 'UserActivated' });
            break;
          case 'UserAdminGranted':
          case 'UserAdminRevoked':
            change(event.data.userId, { isPlatformAdmin: event.type === 'UserAdminGranted' });
            break;
        }
      }
    },
  };
}
