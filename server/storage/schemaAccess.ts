import type { Generated } from 'kysely';

/** Stored shapes of who may do what: accounts, their second factor, enrollment tokens, PC users. */
export interface UsersTable {
  id: string;
  username: string;
  role: string;
  password_hash: string;
  created_at: string;
  email: string | null;
  disabled_at: string | null;
  deleted_at: string | null;
  token_version: Generated<number>;
  display_name: string | null;
  phone: string | null;
  /** 1: a contact (no sign-in), 0: an account. */
  contact: Generated<number>;
  /** Base32 TOTP secret: set when enrolment starts, in use once totp_enabled_at is set. */
  totp_secret: string | null;
  totp_enabled_at: string | null;
  /** The last time step a code was accepted for; a code of that step or before is refused. */
  totp_last_step: Generated<number>;
}

export interface DeviceUsersTable {
  device_id: string;
  user_id: string;
  created_at: string;
  confirmed_at: string | null;
  confirmed_by: string | null;
  created_account: number;
}

export interface EnrollmentTokensTable {
  id: string;
  token_hash: string;
  expires_at: string;
  uses: number;
  uses_left: number;
  created_at: string;
  created_by: string | null;
  revoked_at: string | null;
}

export interface RecoveryCodesTable {
  user_id: string;
  code_hash: string;
  used_at: string | null;
}

/** A technician's named filter of the inventory or the queue, shared with the team or not. */
export interface SavedFiltersTable {
  id: Generated<number>;
  owner_id: string;
  kind: string;
  name: string;
  query: string;
  shared: number;
  created_at: string;
}
