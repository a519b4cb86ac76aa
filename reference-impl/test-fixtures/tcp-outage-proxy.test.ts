/** The outage proxy against a real TCP echo server: forwarding, a cut that refuses, a restore on the same port. */
import { once } from 'node:events';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpOutageProxy, type TcpOutageProxy } from './tcp-outage-proxy.js';

let echo: net.Server;
let proxy: TcpOutageProxy;

beforeAll(async () => {
  echo = net.createServer((socket) => socket.pipe(socket));
  echo.listen(0, '127.0.0.1');
  await once(echo, 'listening');
  proxy = await startTcpOutageProxy({ host: '127.0.0.1', port: (echo.address() as net.AddressInfo).port });
});

afterAll(async () => {
  await proxy?.close();
  await new Promise((resolve) => echo?.close(resolve));
});

/** Connects through the proxy; rejects with the connect error (ECONNREFUSED during an outage). */
async function connect(): Promise<net.Socket> {
  const socket = net.connect(proxy.port, proxy.host);
  await Promise.race([once(socket, 'connect'), once(socket, 'error').then(([err]) => Promise.reject(err))]);
  return socket;
}

async function roundTrip(socket: net.Socket, text: string): Promise<string> {
  socket.write(text);
  const [data] = (await once(socket, 'data')) as [Buffer];
  return data.toString();
}

describe('startTcpOutageProxy', () => {
  it('forwards both ways, cuts open connections and refuses new ones, then serves again on the same port', async () => {
    const port = proxy.port;
    const before = await connect();
    expect(await roundTrip(before, 'hello')).toBe('hello');
    expect(proxy.connections).toBe(1);

    const closed = once(before, 'close');
    await proxy.cut();
    await closed;
    expect(proxy.listening).toBe(false);
    expect(proxy.connections).toBe(0);
    await expect(connect()).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    await proxy.restore();
    expect(proxy.port).toBe(port);
    const after = await connect();
    expect(await roundTrip(after, 'again')).toBe('again');
    after.destroy();
  });
});
