import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorResponse } from './respond.js';
import { tooLarge } from './body.js';

/**
 * MAX_REQUEST_BODY_BYTES on the socket, for every request whatever reads its body (GraphQL, REST, MCP).
 * A declared Content-Length over the limit is refused before a byte is read (Node's parser never delivers
 * more than the declared length). A body sent without one (chunked) is read here up to the limit and
 * handed on in memory: past the limit the answer is 413 and the rest is discarded unread.
 * Resolves true when the request may go on, false when it was answered.
 */
export async function admitBody(req: IncomingMessage & { body?: unknown }, res: ServerResponse, limit: number): Promise<boolean> {
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    if (Number(declared) <= limit) return true;
    await refuse(req, res, limit);
    return false;
  }
  if (req.headers['transfer-encoding'] === undefined) return true;

  // Events rather than `for await`: leaving an async iterator early destroys the socket before the 413 is sent.
  const body = await new Promise<Buffer | undefined>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData).off('end', onEnd);
      resolve(undefined);
    };
    const onEnd = () => resolve(Buffer.concat(chunks, size));
    req.on('data', onData).once('end', onEnd).once('error', reject);
  });
  if (!body) {
    await refuse(req, res, limit);
    return false;
  }
  // The server adapter takes a body already read from `req.body`, as it does after Express's body parsers.
  if (body.byteLength > 0) req.body = body;
  return true;
}

async function refuse(req: IncomingMessage, res: ServerResponse, limit: number): Promise<void> {
  const response = errorResponse(tooLarge(limit));
  const body = Buffer.from(await response.text());
  res.writeHead(response.status, {
    ...Object.fromEntries(response.headers),
    'content-length': body.byteLength,
    // The rest of the body is never read, so the connection cannot carry another request.
    connection: 'close',
  });
  res.end(body);
  // Drain what the client is still sending so it can read the answer before the socket closes.
  req.resume();
}
