/**
 * A loopback TCP proxy in front of a real service, for outage tests: `cut()` destroys every
 * connection through it and stops listening, so clients see their connection drop and every
 * reconnect refused, exactly as when the server process dies; `restore()` listens again on the
 * same port, as when the server comes back. The service behind it keeps running (and keeps its
 * data), so tests can use the shared test services instead of starting their own.
 */
import net from 'node:net';

/** Where the proxy forwards to. */
export interface ProxyTarget {
  readonly host: string;
  readonly port: number;
}

/** A running proxy; see {@link startTcpOutageProxy}. */
export interface TcpOutageProxy {
  /** The proxy's address: always loopback. */
  readonly host: '127.0.0.1';
  /** The proxy's port, the same before and after an outage. */
  readonly port: number;
  /** Client connections open through the proxy right now. */
  readonly connections: number;
  /** Whether the proxy is accepting connections (false during an outage and after `close()`). */
  readonly listening: boolean;
  /**
   * Starts an outage: stops accepting connections and destroys every open one (both sides).
   * Resolves once the port is closed, so a connect attempt from then on is refused.
   */
  cut(): Promise<void>;
  /** Ends an outage: listens again on {@link port}. */
  restore(): Promise<void>;
  /** Cuts every connection and stops for good. Safe to call more than once. */
  close(): Promise<void>;
}

/** Starts a proxy on a free 127.0.0.1 port forwarding every connection to `target`. */
export async function startTcpOutageProxy(target: ProxyTarget): Promise<TcpOutageProxy> {
  /** Client socket → its upstream socket, for every open connection. */
  const open = new Map<net.Socket, net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    open.set(client, upstream);
    // Either side ending or failing takes the other down: a half-open pair would look to the
    // client like a live server that never answers, which is not the outage being simulated.
    const teardown = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
    };
    for (const socket of [client, upstream]) {
      socket.on('error', teardown);
      socket.on('close', teardown);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  let port = 0;
  let closedForGood = false;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host: '127.0.0.1' }, () => {
        server.off('error', reject);
        port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) {
        resolve();
        return;
      }
      // close() stops accepting at once and calls back when the last connection has gone.
      server.close(() => resolve());
      for (const [client, upstream] of open) {
        client.destroy();
        upstream.destroy();
      }
    });
  await listen();
  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    get connections() {
      return open.size;
    },
    get listening() {
      return server.listening;
    },
    cut,
    async restore() {
      if (closedForGood) throw new Error('the proxy was closed');
      if (!server.listening) await listen();
    },
    async close() {
      closedForGood = true;
      await cut();
    },
  };
}
