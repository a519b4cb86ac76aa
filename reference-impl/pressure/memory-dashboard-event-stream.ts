/**
 * The dashboard's server-sent events (https://html.spec.whatwg.org/multipage/server-sent-events.html):
 * the open connections, one message written to all of them, and their end.
 *
 * Each connection is a `PassThrough` handed to `reply.send()`, so fastify pipes it to the
 * response and runs its hooks as for any route (`onResponse`, `onRequestAbort`: the in-flight
 * count of `memoryPressurePlugin` is released when a page goes away). When the client
 * disconnects, fastify destroys the stream, and the connection is forgotten at once.
 *
 * What keeps it bounded: at most `maxClients` connections; a client more than
 * `maxBacklogBytes` behind is disconnected (its `EventSource` reconnects and starts over);
 * {@link MemoryDashboardEventStream.closeAll} ends every stream, waits `closeGraceMs` for it to
 * drain, then destroys the connection, so a stuck client cannot hold the app's close open.
 */
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { DASHBOARD_CLOSE_GRACE_MS, DASHBOARD_MAX_CLIENT_BACKLOG_BYTES, DASHBOARD_RECONNECT_MS } from './memory-dashboard-defaults.js';

/**
 * One server-sent event: `event: <name>`, then `data: <JSON>`, then a blank line. The JSON of
 * any value is one line (`JSON.stringify` escapes CR and LF inside strings), so data from a
 * cache name or anywhere else can never end the event early or forge another one.
 */
export function formatServerSentEvent(event: string, data: unknown): string {
  if (!/^[a-z][a-z-]*$/.test(event)) throw new TypeError(`event must be a lower-case event name, got ${JSON.stringify(event)}`);
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Limits of a {@link MemoryDashboardEventStream}. */
export interface MemoryDashboardEventStreamOptions {
  /** Connections served at once. */
  readonly maxClients: number;
  /** Bytes a client may fall behind before it is disconnected. @default DASHBOARD_MAX_CLIENT_BACKLOG_BYTES (1 MiB) */
  readonly maxBacklogBytes?: number;
  /** Milliseconds {@link MemoryDashboardEventStream.closeAll} lets a stream drain. @default DASHBOARD_CLOSE_GRACE_MS (1000) */
  readonly closeGraceMs?: number;
}

interface Client {
  readonly stream: PassThrough;
  readonly res: ServerResponse;
}

/** The open event-stream connections of one dashboard. */
export class MemoryDashboardEventStream {
  readonly maxClients: number;
  readonly maxBacklogBytes: number;
  readonly closeGraceMs: number;
  readonly #clients = new Set<Client>();
  #closing = false;
  #dropped = 0;

  constructor(options: MemoryDashboardEventStreamOptions) {
    this.maxClients = options.maxClients;
    this.maxBacklogBytes = options.maxBacklogBytes ?? DASHBOARD_MAX_CLIENT_BACKLOG_BYTES;
    this.closeGraceMs = options.closeGraceMs ?? DASHBOARD_CLOSE_GRACE_MS;
  }

  /** Connections open now. */
  get clients(): number {
    return this.#clients.size;
  }

  /** Clients disconnected for falling more than `maxBacklogBytes` behind, since construction. */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Starts an event stream on `reply` whose first message is `first` (after a `retry:` line);
   * returns the `reply.send()` result. Returns `undefined`, sending nothing, when `maxClients`
   * are connected or the stream is closing: the caller answers 503.
   */
  open(reply: FastifyReply, first: string): FastifyReply | undefined {
    if (this.#closing || this.#clients.size >= this.maxClients) return undefined;
    const stream = new PassThrough();
    const client: Client = { stream, res: reply.raw };
    this.#clients.add(client);
    const forget = () => this.#clients.delete(client);
    stream.once('close', forget);
    reply.raw.once('close', forget);
    stream.write(`retry: ${DASHBOARD_RECONNECT_MS}\n\n${first}`);
    return reply
      .code(200)
      .type('text/event-stream; charset=utf-8')
      .header('x-accel-buffering', 'no') // nginx would otherwise buffer the stream
      .send(stream);
  }

  /** Writes `chunk` (whole events) to every client, disconnecting those too far behind. */
  broadcast(chunk: string): void {
    for (const client of this.#clients) {
      const { stream, res } = client;
      // What this process holds for the client: the stream's buffers and the response's own.
      const backlog = stream.readableLength + stream.writableLength + res.writableLength;
      if (backlog > this.maxBacklogBytes) {
        this.#clients.delete(client);
        this.#dropped++;
        res.destroy();
        continue;
      }
      stream.write(chunk);
    }
  }

  /** Ends every stream and refuses new ones; resolves once each has drained or was destroyed after `closeGraceMs`. */
  async closeAll(): Promise<void> {
    this.#closing = true;
    const clients = [...this.#clients];
    this.#clients.clear();
    await Promise.all(
      clients.map(async ({ stream, res }) => {
        if (res.closed) return;
        const closed = once(res, 'close').then(
          () => {},
          () => {},
        );
        stream.end();
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, this.closeGraceMs);
          timer.unref();
        });
        await Promise.race([closed, late]);
        clearTimeout(timer);
        if (!res.closed) res.destroy();
      }),
    );
  }
}
