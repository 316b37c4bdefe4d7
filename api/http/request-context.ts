import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestMeta } from '../../events/store/types.js';
import type { Services } from '../services.js';

/** What the server adapter passes beside each Request (absent under `yoga.fetch` unless a test gives it). */
export interface ServerContext {
  req?: Pick<IncomingMessage, 'socket'> & Partial<Pick<IncomingMessage, 'headers'>>;
}

/** Facts about one request that every edge needs: its id, who sent it from where. */
export interface RequestInfo {
  requestId: string;
  clientIp: string | null;
  userAgent: string | null;
}

const infos = new WeakMap<Request, RequestInfo>();

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Computed once per request and shared by the route plugin, GraphQL context and logging. */
export function requestInfo(request: Request, server: ServerContext | undefined, services: Services): RequestInfo {
  let info = infos.get(request);
  if (!info) {
    const given = request.headers.get('x-request-id');
    info = {
      requestId: given && REQUEST_ID.test(given) ? given : randomUUID(),
      clientIp: clientIp(request, server, services.config.http.trustProxy),
      userAgent: request.headers.get('user-agent')?.slice(0, 512) ?? null,
    };
    infos.set(request, info);
  }
  return info;
}

/** The socket's address, or the left-most X-Forwarded-For entry only when TRUST_PROXY says a proxy sets it. */
function clientIp(request: Request, server: ServerContext | undefined, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const address = server?.req?.socket?.remoteAddress ?? null;
  return address?.startsWith('::ffff:') ? address.slice(7) : address;
}

export function requestMeta(info: RequestInfo, actor: string | null): RequestMeta {
  return { actor, requestId: info.requestId, clientIp: info.clientIp, userAgent: info.userAgent };
}
