import { z } from 'zod';
import { LIMITS } from '../protocol/limits.js';
import { Role } from '../roles.js';

export const Username = z
  .string()
  .min(LIMITS.usernameMin)
  .max(LIMITS.usernameMax)
  .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only');
export const Password = z.string().min(LIMITS.passwordMin).max(LIMITS.passwordMax);

export const LoginRequest = z.object({
  username: z.string().min(1).max(LIMITS.usernameMax),
  password: z.string().min(1).max(LIMITS.passwordMax),
  /** The code from the authenticator app, or one of the recovery codes, for an account with two-factor sign-in. */
  totp: z.string().trim().max(40).optional(),
});

export const Email = z.string().trim().max(254).email('expected an email address');

export const UserView = z.object({
  id: z.string(),
  username: z.string(),
  role: Role,
  createdAt: z.string(),
  email: z.string().nullable(),
  disabled: z.boolean(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  /** A contact: someone requests come from who has no sign-in. */
  contact: z.boolean(),
  /** Two-factor sign-in is on. */
  twoFactor: z.boolean(),
});
export type UserView = z.infer<typeof UserView>;

export const LoginResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: UserView,
  /** The policy requires two-factor sign-in of this account and it has none: the session can only set it up. */
  totpSetupRequired: z.boolean().optional(),
});

/** The signed-in user, and whether this session may only set up two-factor sign-in. */
export const MeView = UserView.extend({ totpSetupRequired: z.boolean() });

export const CreateUserRequest = z.object({ username: Username, role: Role, password: Password, email: Email.optional() }).strict();
export const UserList = z.array(UserView);

/** An admin's change to a user; each of role, disabled and password ends the user's sessions. */
export const UpdateUserRequest = z
  .object({ role: Role.optional(), disabled: z.boolean().optional(), password: Password.optional(), email: Email.nullable().optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'name at least one of role, disabled, password, email');

export const UserIdParams = z.object({ id: z.string().uuid() });

export const ChangePasswordRequest = z.object({ current: z.string().min(1).max(LIMITS.passwordMax), password: Password }).strict();
