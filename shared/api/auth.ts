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
});

export const UserView = z.object({ id: z.string(), username: z.string(), role: Role, createdAt: z.string() });
export type UserView = z.infer<typeof UserView>;

export const LoginResponse = z.object({ token: z.string(), expiresAt: z.string(), user: UserView });

export const CreateUserRequest = z.object({ username: Username, role: Role, password: Password });
export const UserList = z.array(UserView);
