import { AppError, BadRequestError } from '../../events/errors.js';
import { assertNoNul } from '../../events/text.js';

/**
 * Reads a JSON object body, refusing more than `limit` bytes even when no Content-Length was sent
 * (the stream is counted as it arrives), and NUL characters anywhere in it.
 */
export async function readJsonBody(request: Request, limit: number): Promise<Record<string, unknown>> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  let text = '';
  if (request.body) {
    const decoder = new TextDecoder();
    let size = 0;
    for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > limit) throw tooLarge(limit);
      text += decoder.decode(chunk, { stream: true });
    }
    text += decoder.decode();
  }
  if (!text.trim()) throw new BadRequestError('The request body must be a JSON object');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequestError('The request body is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new BadRequestError('The request body must be a JSON object');
  assertNoNul(parsed, 'body');
  return parsed as Record<string, unknown>;
}

export function tooLarge(limit: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `The request body exceeds the limit of ${limit} bytes (MAX_REQUEST_BODY_BYTES)`);
}
