import { UserIdParams } from '../../../shared/api/auth.js';
import { ConfirmTotpRequest, PasswordProof, RecoveryCodes, SecurityPolicy, TotpEnabled, TotpEnrolment, TotpStatus } from '../../../shared/api/twoFactor.js';
import { beginTotp, changeSecurityPolicy, confirmTotp, disableOwnTotp, renewRecoveryCodes, resetTotp, securityPolicy, twoFactorRequired } from '../../commands/twoFactor.js';
import type { AppDeps } from '../../deps.js';
import { route } from '../../http/route.js';

export function twoFactorRoutes(deps: AppDeps) {
  const { store } = deps;
  const revoked = (id: string) => deps.accessRevoked(id);
  return [
    route({
      method: 'get',
      path: '/api/v1/me/totp',
      summary: 'Whether your two-factor sign-in is on, pending or required, and how many recovery codes are left',
      tag: 'auth',
      access: 'technician',
      totpSetup: true,
      response: TotpStatus,
      async handler({ user }) {
        const factor = await store.secondFactors.get(user!.id);
        return {
          enabled: !!factor?.enabledAt,
          pending: !!factor && !factor.enabledAt,
          recoveryCodesLeft: factor?.enabledAt ? factor.recoveryCodesLeft : 0,
          required: twoFactorRequired(await securityPolicy(store), user!),
        };
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/me/totp',
      summary: 'Start two-factor sign-in: a new TOTP secret and its otpauth URL for the authenticator app (not in use until confirmed)',
      tag: 'auth',
      access: 'technician',
      totpSetup: true,
      response: TotpEnrolment,
      errors: { 409: 'Two-factor sign-in is already on' },
      handler: ({ user }) => beginTotp(store, user!),
    }),
    route({
      method: 'post',
      path: '/api/v1/me/totp/confirm',
      summary: 'Turn two-factor sign-in on with the first code the app shows; returns ten recovery codes (shown once) and a new token, as your other sessions end',
      tag: 'auth',
      access: 'technician',
      totpSetup: true,
      body: ConfirmTotpRequest,
      response: TotpEnabled,
      errors: { 409: 'No enrolment was started, or two-factor sign-in is already on' },
      async handler({ user, body }) {
        const { user: updated, recoveryCodes } = await confirmTotp(store, user!, body.code, Date.now(), revoked);
        return { recoveryCodes, ...deps.sessions.sign(updated) };
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/me/totp/disable',
      summary: 'Turn your two-factor sign-in off (your password is required; refused where the security policy requires it)',
      tag: 'auth',
      access: 'technician',
      body: PasswordProof,
      response: null,
      errors: { 409: 'Two-factor sign-in is not on, or the security policy requires it' },
      handler: ({ user, body }) => disableOwnTotp(store, user!, body.password),
    }),
    route({
      method: 'post',
      path: '/api/v1/me/totp/recovery-codes',
      summary: 'Ten new recovery codes (your password is required); the old ones stop working',
      tag: 'auth',
      access: 'technician',
      body: PasswordProof,
      response: RecoveryCodes,
      errors: { 409: 'Two-factor sign-in is not on' },
      handler: async ({ user, body }) => ({ recoveryCodes: await renewRecoveryCodes(store, user!, body.password) }),
    }),
    route({
      method: 'delete',
      path: '/api/v1/users/:id/totp',
      summary: "Reset a user's second factor (a lost phone): it is off and the user's sessions end; audited",
      tag: 'users',
      access: 'admin',
      params: UserIdParams,
      response: null,
      errors: { 409: 'The user has no second factor' },
      handler: ({ user, params }) => resetTotp(store, user!.username, params.id, revoked),
    }),
    route({
      method: 'get',
      path: '/api/v1/security-policy',
      summary: 'The security policy: whether technicians and admins must use two-factor sign-in',
      tag: 'users',
      access: 'admin',
      response: SecurityPolicy,
      handler: () => securityPolicy(store),
    }),
    route({
      method: 'put',
      path: '/api/v1/security-policy',
      summary: 'Change the security policy; requiring two-factor sign-in ends the sessions of technicians and admins without it, who are led to set it up at their next sign-in',
      tag: 'users',
      access: 'admin',
      body: SecurityPolicy,
      response: SecurityPolicy,
      errors: { 409: 'You have no second factor yourself' },
      handler: ({ user, body }) => changeSecurityPolicy(store, user!, body, revoked),
    }),
  ];
}
