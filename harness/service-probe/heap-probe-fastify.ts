/**
 * The heap probe as a fastify plugin.
 */
import type { FastifyPluginAsync } from 'fastify';
import { type HeapProbeOptions, type ProbeRoute, createHeapProbeHandler } from './create-heap-probe-handler.js';
import { PROBE_ROUTES } from './probe-protocol.js';

// Every method but HEAD: fastify adds a HEAD route beside each GET route itself
// (`exposeHeadRoutes`, https://fastify.dev/docs/latest/Reference/Server/#exposeheadroutes).
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Registers the probe's routes (`<pathPrefix>/mark`, `/read`, `/status`) on a fastify
 * instance. The routes answer through fastify's reply, so the service's own hooks (logging,
 * rate limits) see them; the access check and the answers are the same as `mountHeapProbe`'s.
 * The access check uses the TCP peer, never `request.ip` (which `trustProxy` lets a client set).
 * Closing the instance ends a running measurement. heapgate does not import fastify at run time:
 * only its types.
 *
 * ```ts
 * import { heapProbeFastify } from 'heapgate/probe';
 * await app.register(heapProbeFastify, { token: process.env.HEAPGATE_PROBE_TOKEN });
 * ```
 *
 * @throws TypeError naming the option when an option is malformed (when the plugin loads)
 */
export const heapProbeFastify: FastifyPluginAsync<HeapProbeOptions> = async (fastify, options) => {
  const { token, pathPrefix, rssSampleIntervalMs, maxMarkMs, obtainGc } = options;
  const handler = createHeapProbeHandler({ token, pathPrefix, rssSampleIntervalMs, maxMarkMs, obtainGc });
  fastify.addHook('onClose', async () => handler.close());
  for (const [route, suffix] of Object.entries(PROBE_ROUTES) as [ProbeRoute, string][]) {
    fastify.route({
      method: METHODS,
      url: handler.pathPrefix + suffix,
      handler: async (request, reply) => {
        const r = await handler.answer(route, {
          method: request.method,
          url: request.url,
          headers: request.headers,
          remoteAddress: request.raw.socket.remoteAddress,
        });
        return reply.code(r.status).headers(r.headers).send(r.body);
      },
    });
  }
};
