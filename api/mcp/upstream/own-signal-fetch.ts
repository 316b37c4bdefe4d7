import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

/**
 * The SDK passes every request of a transport the same long-lived AbortSignal; undici adds a listener to it
 * per request and lets go only at garbage collection, so a pooled session's signal gathers thousands of
 * listeners (a leak, and a cost on every later fetch). Here each request gets a signal of its own, linked to
 * the transport's until its response body is done, so closing the transport still aborts what is in flight.
 */
export const fetchWithOwnSignal: FetchLike = async (url, init) => {
  const shared = init?.signal;
  if (!shared) return fetch(url, init);
  const own = new AbortController();
  const abort = () => own.abort(shared.reason);
  if (shared.aborted) abort();
  else shared.addEventListener('abort', abort, { once: true });
  const unlink = () => shared.removeEventListener('abort', abort);
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: own.signal });
  } catch (err) {
    unlink();
    throw err;
  }
  if (!response.body) {
    unlink();
    return response;
  }
  const body = response.body.pipeThrough(new TransformStream({ flush: unlink }));
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
};
