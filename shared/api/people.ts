import { z } from 'zod';
import { Role } from '../roles.js';
import { Email } from './auth.js';

/** Someone a request can come from: an account or a contact, with the PCs they use. */
export const PersonView = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: Role,
  /** A contact has no sign-in (a caller, a customer who emails). */
  contact: z.boolean(),
  devices: z.array(z.object({ id: z.string(), hostname: z.string() })),
});
export type PersonView = z.infer<typeof PersonView>;

export const PeopleQuery = z.object({
  q: z.string().trim().min(1, 'type at least one character').max(100),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** Digits, spaces and the usual separators, with an optional leading +. */
export const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ().\/-]{2,38}$/, 'expected a phone number: digits, spaces, + ( ) . / -');

export const CreateContactRequest = z
  .object({
    name: z.string().trim().min(1).max(100),
    email: Email.optional(),
    phone: Phone.optional(),
  })
  .strict()
  .refine((c) => c.email !== undefined || c.phone !== undefined, 'give an email address or a phone number, or both: how else would they hear back?');
