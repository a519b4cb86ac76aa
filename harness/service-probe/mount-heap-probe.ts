/**
 * Mounting a service's heap probe on a plain Node HTTP(S) server.
 */
import type http from 'node:http';
import type https from 'node:https';
import { type HeapProbeHandler, type HeapProbeOptions, createHeapProbeHandler } from './create-heap-probe-handler.js';

/**
 * Mounts the heap probe on `server`: requests under the path prefix (`/__heapgate/mark`,
 * `/read`, `/status`) are answered by the probe and never reach the server's own `request`
 * listeners; every other request is untouched. It works whenever the service's listener was
 * added (`http.createServer(app)` or `server.on('request', …)`, before or after): the probe
 * intercepts the server's `request` event itself rather than relying on listener order. Closing
 * the server ends a running measurement.
 *
 * ```ts
 * import { mountHeapProbe } from 'heapgate/probe';
 * const server = http.createServer(app);
 * mountHeapProbe(server, { token: process.env.HEAPGATE_PROBE_TOKEN });
 * ```
 *
 * @returns the handler; its `close()` also unmounts the probe from `server`.
 * @throws TypeError naming the option when an option is malformed
 */
export function mountHeapProbe(server: http.Server | https.Server, options: HeapProbeOptions = {}): HeapProbeHandler {
  const handler = createHeapProbeHandler(options);
  const emit = server.emit;
  const intercepting = function (this: typeof server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request' && handler.handle(args[0] as http.IncomingMessage, args[1] as http.ServerResponse)) return true;
    return (emit as (this: typeof server, event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args);
  };
  server.emit = intercepting as typeof server.emit;
  const onClose = () => void handler.close();
  server.once('close', onClose);
  return {
    ...handler,
    close: () => {
      if (server.emit === (intercepting as typeof server.emit)) server.emit = emit;
      server.off('close', onClose);
      return handler.close();
    },
  };
}
