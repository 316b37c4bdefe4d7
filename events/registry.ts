import type { EventRegistry } from './store/store.js';
import { userEventTypes } from './users/events.js';
import { usersProjection } from './users/projection.js';
import { sessionEventTypes } from './sessions/events.js';
import { revocationsProjection, sessionsProjection } from './sessions/projection.js';
import { teamEventTypes } from './teams/events.js';
import { teamsProjection } from './teams/projection.js';
import { roleEventTypes } from './roles/events.js';
import { rolesProjection } from './roles/projection.js';
import { ssoEventTypes } from './sso/events.js';
import { ssoProjection } from './sso/projection.js';
import { gatewayEventTypes } from './gateways/events.js';
import { catalogEventTypes } from './catalog/events.js';
import { catalogProjection } from './catalog/projection.js';
import { serverEventTypes } from './servers/events.js';
import { serversProjection } from './servers/projection.js';
import { tokenEventTypes } from './tokens/events.js';
import { apiTokensProjection } from './tokens/projection.js';

/**
 * Every event type and projection the log knows. A domain joins by adding its `eventTypes` and
 * `projections` here (and its events to the replay-equality scenario in test/events/replay).
 */
export const registry: EventRegistry = {
  types: {
    ...userEventTypes,
    ...sessionEventTypes,
    ...teamEventTypes,
    ...roleEventTypes,
    ...ssoEventTypes,
    ...gatewayEventTypes,
    ...catalogEventTypes,
    ...serverEventTypes,
    ...tokenEventTypes,
  },
  projections: [usersProjection, sessionsProjection, revocationsProjection, teamsProjection, rolesProjection, ssoProjection, catalogProjection, serversProjection, apiTokensProjection],
};
