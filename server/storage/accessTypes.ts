import type { Role } from '../../shared/roles.js';

/** Who may do what: user accounts, enrollment tokens, and the people who use each PC. */
export interface User {
  id: string;
  username: string;
  role: Role;
  passwordHash: string;
  createdAt: string;
  email: string | null;
  disabledAt: string | null;
  /** A deleted user keeps its row, so tickets and the audit log still show the name. */
  deletedAt: string | null;
  /** Every session token carries it; raising it ends all of the user's sessions. */
  tokenVersion: number;
  /** A person's name as they give it (contacts); null when the username says it. */
  name: string | null;
  phone: string | null;
  /** Someone requests reach the desk for who has no sign-in (a caller, a customer who emails). */
  contact: boolean;
  /** Two-factor sign-in (TOTP) is on: a code is asked for after the password. */
  twoFactor: boolean;
}

/** A user's TOTP secret and its use (see migrations/0020_two_factor.ts). */
export interface SecondFactor {
  secret: string;
  /** Null while enrolment waits for the first code. */
  enabledAt: string | null;
  lastStep: number;
  recoveryCodesLeft: number;
}

export interface SecondFactorRepo {
  get(userId: string): Promise<SecondFactor | undefined>;
  /** Starts enrolment with a new secret, replacing one not yet confirmed; false when one is on. */
  begin(userId: string, secret: string): Promise<boolean>;
  /** Turns the pending secret on, `step` counting as used, with these recovery codes; false when there is none pending. */
  enable(userId: string, step: number, recoveryCodeHashes: readonly string[], at: string): Promise<boolean>;
  /** Records a time step as used; false when it, or a later one, was used already (a replay). */
  useStep(userId: string, step: number): Promise<boolean>;
  /** Spends a recovery code; false when there is no such unused code. */
  useRecoveryCode(userId: string, codeHash: string, at: string): Promise<boolean>;
  replaceRecoveryCodes(userId: string, codeHashes: readonly string[]): Promise<void>;
  /** Turns two-factor sign-in off and forgets the secret and the recovery codes. */
  remove(userId: string): Promise<void>;
}

export type NewUser = Pick<User, 'id' | 'username' | 'role' | 'passwordHash' | 'createdAt'> & {
  email?: string | null;
  name?: string | null;
  phone?: string | null;
  contact?: boolean;
};

/** A change to a user; any of them may end the user's sessions (see commands/updateUser.ts). */
export interface UserChange {
  role?: Role;
  passwordHash?: string;
  email?: string | null;
  disabledAt?: string | null;
  deletedAt?: string;
  /** Raise the token version by one: every session token issued so far stops working. */
  endSessions?: boolean;
}

export interface EnrollmentToken {
  id: string;
  tokenHash: string;
  expiresAt: string;
  uses: number;
  usesLeft: number;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
}

export type ConsumeTokenResult = 'ok' | 'invalid' | 'expired' | 'used_up' | 'revoked';

export interface UserRepo {
  create(user: NewUser): Promise<void>;
  findById(id: string): Promise<User | undefined>;
  /** Deleted users too: a name is never used by two people, so the audit log stays unambiguous. */
  findByUsername(username: string): Promise<User | undefined>;
  /** Users that are not deleted. */
  list(): Promise<User[]>;
  /** The oldest account, not deleted, with this address (compared without case). */
  findByEmail(email: string): Promise<User | undefined>;
  count(): Promise<number>;
  update(id: string, change: UserChange): Promise<User | undefined>;
  /** Admins that are neither disabled nor deleted. */
  countActiveAdmins(): Promise<number>;
  /**
   * People, accounts and contacts, not deleted, whose username, name, email or phone contains
   * `text` (without case); exact and leading matches first.
   */
  search(text: string, limit: number): Promise<User[]>;
  /** Token version, role and state of these users, for checking open sessions in one query. */
  access(ids: readonly string[]): Promise<Map<string, Pick<User, 'role' | 'tokenVersion' | 'disabledAt' | 'deletedAt'>>>;
}

/** A person who uses a PC (see migrations/0012_device_users.ts). */
export interface DeviceUserLink {
  deviceId: string;
  userId: string;
  username: string;
  role: Role;
  createdAt: string;
  confirmedAt: string | null;
  confirmedBy: string | null;
  createdAccount: boolean;
}

export interface DeviceUserRepo {
  list(deviceId: string): Promise<DeviceUserLink[]>;
  /** The PCs each of these people uses (confirmed or not), by hostname. */
  devicesOf(userIds: readonly string[]): Promise<Map<string, { id: string; hostname: string }[]>>;
  find(deviceId: string, userId: string): Promise<DeviceUserLink | undefined>;
  /** Adds the link if it is not there; returns whether it was added. */
  link(link: { deviceId: string; userId: string; at: string; confirmedBy: string | null; createdAccount: boolean }): Promise<boolean>;
  confirm(deviceId: string, userId: string, by: string, at: string): Promise<boolean>;
  unlink(deviceId: string, userId: string): Promise<boolean>;
  /** Accounts this device's requests created since `since`: the cap on accounts made on the fly. */
  accountsCreatedSince(deviceId: string, since: string): Promise<number>;
}

export interface EnrollmentTokenRepo {
  create(token: Omit<EnrollmentToken, 'revokedAt'>): Promise<void>;
  /** Uses one use of the token with this hash, atomically. */
  consume(tokenHash: string, now: string): Promise<ConsumeTokenResult>;
  list(): Promise<EnrollmentToken[]>;
  findById(id: string): Promise<EnrollmentToken | undefined>;
  /** False when there is no such token or it was revoked already. */
  revoke(id: string, at: string): Promise<boolean>;
}

export interface SavedFilter {
  id: number;
  ownerId: string;
  owner: string;
  kind: 'inventory' | 'queue';
  name: string;
  query: string;
  shared: boolean;
  createdAt: string;
}

export interface SavedFilterRepo {
  /** The user's own filters of this kind and everyone's shared ones, by name. */
  list(userId: string, kind: SavedFilter['kind']): Promise<SavedFilter[]>;
  /** Saves under the owner's name for it, replacing their filter of that name; returns its id. */
  save(f: Omit<SavedFilter, 'id' | 'owner'>): Promise<number>;
  count(ownerId: string, kind: SavedFilter['kind']): Promise<number>;
  find(id: number): Promise<SavedFilter | undefined>;
  delete(id: number): Promise<boolean>;
}
