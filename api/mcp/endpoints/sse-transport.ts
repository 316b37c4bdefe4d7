import { randomUUID } from 'node:crypto';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * The legacy HTTP+SSE server transport over a web ReadableStream (the SDK's writes to a Node response):
 * an `endpoint` event naming where to POST messages, each server message as a `message` event, and a
 * comment every keep-alive interval so proxies keep the stream open. A client that goes away cancels the
 * stream, which closes the transport; writes after that are dropped, never thrown.
 */
export class WebSseTransport implements Transport {
  readonly sessionId = randomUUID();
  readonly response: Response;
  onmessage?: Transport['onmessage'];
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private keepalive: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly endpoint: string,
    private readonly keepaliveMs: number,
  ) {
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => void (this.controller = controller),
      cancel: () => void this.close(),
    });
    this.response = new Response(stream, {
      status: 200,
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' },
    });
  }

  private write(text: string): void {
    if (this.closed) return;
    try {
      this.controller.enqueue(this.encoder.encode(text));
    } catch {
      void this.close();
    }
  }

  async start(): Promise<void> {
    const separator = this.endpoint.includes('?') ? '&' : '?';
    this.write(`event: endpoint\ndata: ${this.endpoint}${separator}session_id=${this.sessionId}\n\n`);
    this.keepalive = setInterval(() => this.write(': keepalive\n\n'), this.keepaliveMs);
    this.keepalive.unref();
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  /** A message the client POSTed to the endpoint. */
  receive(message: JSONRPCMessage): void {
    this.onmessage?.(message);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepalive);
    try {
      this.controller.close();
    } catch {
      // Already closed by the client going away.
    }
    this.onclose?.();
  }
}

/** Collects the one answer to a one-shot request (/rpc): no session, no server-to-client traffic. */
export class OneShotTransport implements Transport {
  onmessage?: Transport['onmessage'];
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private resolveAnswer!: (m: JSONRPCMessage) => void;
  readonly answer = new Promise<JSONRPCMessage>((resolve) => (this.resolveAnswer = resolve));

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage): Promise<void> {
    if ('id' in message && ('result' in message || 'error' in message)) this.resolveAnswer(message);
  }

  receive(message: JSONRPCMessage): void {
    this.onmessage?.(message);
  }

  async close(): Promise<void> {
    this.onclose?.();
  }
}
