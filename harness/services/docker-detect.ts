import http from 'node:http';

/**
 * Whether a Docker engine answers `GET /_ping` within `timeoutMs`. Checked before importing
 * testcontainers (11.x), whose own discovery is slow and noisy when no engine runs.
 * Honors `DOCKER_HOST` (`unix://…` or `tcp://host:port`).
 */
export function isDockerAvailable(env: NodeJS.ProcessEnv = process.env, timeoutMs = 1500): Promise<boolean> {
  const host = env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  const target: http.RequestOptions = host.startsWith('unix://')
    ? { socketPath: host.slice('unix://'.length), path: '/_ping' }
    : (() => {
        const u = new URL(host.replace(/^tcp:/, 'http:'));
        return { host: u.hostname, port: Number(u.port || 2375), path: '/_ping' };
      })();
  return new Promise((resolve) => {
    const req = http.get({ ...target, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.on('error', () => resolve(false));
  });
}
