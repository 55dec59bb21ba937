import {
  CreateEnrollmentTokenRequest,
  EnrollmentTokenCreated,
  EnrollmentTokenList,
  EnrollRequest,
  EnrollResponse,
  TokenIdParams,
} from '../../../shared/api/enrollment.js';
import { createEnrollmentToken } from '../../commands/createEnrollmentToken.js';
import { enrollDevice } from '../../commands/enrollDevice.js';
import { revokeEnrollmentToken } from '../../commands/createEnrollmentToken.js';
import type { AppDeps } from '../../deps.js';
import { route } from '../../http/route.js';
import { rateLimit } from '../../middlewares/rateLimit.js';
import { clientAddress } from '../../http/clientAddress.js';
import { presentToken } from '../../presenters/index.js';

export function enrollmentRoutes(deps: AppDeps) {
  // Guessing a 256-bit token is hopeless, but a flood of bad attempts still costs log lines. Only
  // failures count: a thousand PCs behind one NAT address enrolling at 9 a.m. is a deployment.
  const enrollLimit = rateLimit({
    counters: () => deps.store.counters,
    name: 'failed enrollment',
    windowMs: 60_000,
    max: 120,
    failuresOnly: true,
    key: (req) => clientAddress(req, deps.config.trustedProxies),
  });
  return [
    route({
      method: 'post',
      path: '/api/v1/enrollment-tokens',
      summary: 'Create an enrollment token (shown once)',
      tag: 'enrollment',
      access: 'admin',
      body: CreateEnrollmentTokenRequest,
      response: EnrollmentTokenCreated,
      status: 201,
      handler: async ({ body, user }) => ({ ...(await createEnrollmentToken(deps.store, body, user!.username)), serverUrl: deps.publicUrl() }),
    }),
    route({
      method: 'get',
      path: '/api/v1/enrollment-tokens',
      summary: 'Enrollment tokens (without their secret values)',
      tag: 'enrollment',
      access: 'admin',
      response: EnrollmentTokenList,
      handler: async () => (await deps.store.tokens.list()).map((t) => presentToken(t)),
    }),
    route({
      method: 'delete',
      path: '/api/v1/enrollment-tokens/:id',
      summary: 'Revoke an enrollment token: no PC can enroll with it any more (devices it enrolled stay)',
      tag: 'enrollment',
      access: 'admin',
      params: TokenIdParams,
      response: null,
      errors: { 409: 'The token was revoked already' },
      handler: ({ params, user }) => revokeEnrollmentToken(deps.store, user!.username, params.id),
    }),
    route({
      method: 'post',
      path: '/api/v1/enroll',
      summary: 'An agent exchanges an enrollment token for its device credential',
      tag: 'enrollment',
      access: 'public',
      before: [enrollLimit],
      body: EnrollRequest,
      response: EnrollResponse,
      status: 201,
      handler: ({ body }) => enrollDevice(deps.store, body),
    }),
  ];
}
