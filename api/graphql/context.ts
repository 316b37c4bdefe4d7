import type { Principal } from '../authz/principal.js';
import type { RequestInfo } from '../http/request-context.js';
import type { Services } from '../services.js';
import type { RequestMeta } from '../../events/store/types.js';

export interface GraphQLContext {
  request: Request;
  info: RequestInfo;
  services: Services;
  /** Set by @envelop/generic-auth from `services.authenticate`; null when anonymous. */
  principal: Principal | null;
  /** Metadata for events this request appends. */
  meta(): RequestMeta;
}
