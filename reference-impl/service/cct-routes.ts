/**
 * `GET /ccts/:clave`: the id of the CCT with that clave (seed 000), through a
 * {@link CCTsManager} — from its pre-loaded packed index, or on demand from the lookup API with
 * bounded caches, whichever mode it chose. A clave is validated by pattern before the manager
 * sees it; no such CCT is a 404; a lookup API that is down is a 503 (502 when it answered
 * nonsense), so a load test sees the dependency fail, not the service.
 */
import type { FastifyInstance } from 'fastify';
import { CLAVE_PATTERN } from '../ccts/clave.js';
import { CCTsError } from '../ccts/ccts-error.js';
import type { CCTsManager } from '../ccts/ccts-manager.js';
import { ReferenceServiceError } from './reference-service-error.js';

/** What the route answers. */
export interface CCTLookupResponse {
  readonly clave: string;
  /** The CCT entity's id. */
  readonly id: number;
}

/** What {@link registerCCTRoutes} needs. */
export interface CCTRouteOptions {
  /** The caller's manager; the caller initialises (optional: the first lookup does) and closes it. */
  readonly ccts: CCTsManager;
}

interface CCTRequest {
  Params: { clave: string };
}

/** Registers the CCT lookup route on `app`. */
export function registerCCTRoutes(app: FastifyInstance, options: CCTRouteOptions): void {
  const { ccts } = options;
  const schema = {
    params: { type: 'object', required: ['clave'], properties: { clave: { type: 'string', pattern: CLAVE_PATTERN.source } } },
  };
  app.get<CCTRequest>('/ccts/:clave', { schema }, async (request): Promise<CCTLookupResponse> => {
    const { clave } = request.params;
    let id: number | null;
    try {
      id = await ccts.lookup(clave);
    } catch (err) {
      if (!(err instanceof CCTsError)) throw err;
      if (err.code === 'HEAPGATE_CCTS_LOOKUP_UNAVAILABLE') throw new ReferenceServiceError(503, err.code, err.message, { cause: err });
      if (err.code === 'HEAPGATE_CCTS_LOOKUP_FAILED') throw new ReferenceServiceError(502, err.code, err.message, { cause: err });
      if (err.code === 'HEAPGATE_CCTS_CLOSED')
        throw new ReferenceServiceError(503, 'HEAPGATE_SERVICE_UNAVAILABLE', err.message, { cause: err });
      if (err.code === 'HEAPGATE_CCTS_INVALID_CLAVE') throw new ReferenceServiceError(400, 'HEAPGATE_SERVICE_INVALID_REQUEST', err.message);
      throw err;
    }
    if (id === null) throw new ReferenceServiceError(404, 'HEAPGATE_SERVICE_NOT_FOUND', `no CCT with clave ${clave}`);
    return { clave, id };
  });
}
