import { z } from 'zod';

export const ROLES = ['employee', 'technician', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

const RANK: Record<Role, number> = { employee: 0, technician: 1, admin: 2 };

/** True when `role` is `required` or above (employee < technician < admin). */
export function hasRole(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

export const CONSENT_POLICIES = ['prompt', 'notify', 'unattended'] as const;
export const ConsentPolicy = z.enum(CONSENT_POLICIES);
export type ConsentPolicy = z.infer<typeof ConsentPolicy>;
