/**
 * A server-sent-events client over plain `node:http` for the memory dashboard's tests (Node 20
 * has no `EventSource`): it keeps the raw bytes received, parses them into events as the
 * HTML standard does (fields `event`, `data`, `retry`; a blank line ends an event), and lets a
 * test wait for the next event of a name, for the stream's end, or disconnect.
 */
import http from 'node:http';

/** One dispatched event. */
export interface ServerSentEvent {
  /** `message` when the event named none. */
  readonly event: string;
  readonly data: string;
}

/** An open event stream. */
export interface EventStreamConnection {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** Everything received so far, as text. */
  readonly raw: () => string;
  /** The `retry:` value received last, milliseconds; undefined before one. */
  readonly retryMs: () => number | undefined;
  /** Every event received so far, in order. */
  readonly events: ServerSentEvent[];
  /** The next event named `name` not yet taken by `next` (one already received counts). Rejects when the stream ends first. */
  next(name: string): Promise<ServerSentEvent>;
  /** Resolves when the server ended the response or the connection closed. */
  readonly ended: Promise<void>;
  /** Stops reading: the server's writes back up. */
  pause(): void;
  /** Reads again (a paused response delivers its end only once read). */
  resume(): void;
  /** Disconnects, as a closed browser tab does. */
  close(): void;
}

/** Opens `url` as an event stream; resolves once the response headers arrived. */
export function openEventStream(url: string, headers: http.OutgoingHttpHeaders = {}): Promise<EventStreamConnection> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      response.setEncoding('utf8');
      let raw = '';
      let buffer = '';
      let retryMs: number | undefined;
      let taken = 0;
      const events: ServerSentEvent[] = [];
      const waiters: (() => void)[] = [];
      let done = false;
      const wake = () => {
        for (const w of waiters.splice(0)) w();
      };
      const dispatch = (block: string) => {
        let event = 'message';
        const data: string[] = [];
        let any = false;
        for (const line of block.split('\n')) {
          if (line === '' || line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event = value;
          else if (field === 'data') {
            data.push(value);
            any = true;
          } else if (field === 'retry' && /^\d+$/.test(value)) retryMs = Number(value);
        }
        if (any) events.push({ event, data: data.join('\n') });
      };
      response.on('data', (chunk: string) => {
        raw += chunk;
        buffer += chunk.replace(/\r\n?/g, '\n');
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
        wake();
      });
      const ended = new Promise<void>((resolveEnded) => {
        const finish = () => {
          done = true;
          wake();
          resolveEnded();
        };
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', finish);
      });
      const cursor = new Map<string, number>();
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        raw: () => raw,
        retryMs: () => retryMs,
        events,
        ended,
        next: async (name) => {
          for (;;) {
            const from = cursor.get(name) ?? 0;
            const at = events.findIndex((e, i) => i >= from && e.event === name);
            if (at >= 0) {
              cursor.set(name, at + 1);
              taken++;
              return events[at]!;
            }
            if (done) throw new Error(`the event stream ended before a "${name}" event (${taken} taken, ${events.length} received)`);
            await new Promise<void>((r) => waiters.push(r));
          }
        },
        pause: () => response.pause(),
        resume: () => response.resume(),
        close: () => request.destroy(),
      });
    });
    request.on('error', reject);
  });
}
