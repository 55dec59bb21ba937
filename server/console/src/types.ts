import type { z } from 'zod';
import type { AuditEntry } from '../../../shared/api/audit.js';
import type { UserView } from '../../../shared/api/auth.js';
import type { DeviceDetail, DeviceSummary } from '../../../shared/api/devices.js';
import type { EnrollmentTokenCreated, EnrollmentTokenView } from '../../../shared/api/enrollment.js';
import type { FaqArticle } from '../../../shared/api/faq.js';
import type { SessionView } from '../../../shared/api/sessions.js';
import type { SlaReport } from '../../../shared/api/sla.js';
import type { TicketDetail, TicketView } from '../../../shared/api/tickets.js';
import type { SavedFilterView } from '../../../shared/api/savedFilters.js';

/** Reply bodies as the console sees them: inferred from the server's own schemas. */
/** The signed-in user; `totpSetupRequired` when the session may only set up two-factor sign-in. */
export type User = UserView & { totpSetupRequired?: boolean };
export type Device = DeviceSummary;
export type { DeviceDetail, FaqArticle, SessionView };
export type Ticket = z.infer<typeof TicketView>;
export type TicketFull = z.infer<typeof TicketDetail>;
export type Audit = z.infer<typeof AuditEntry>;
export type Token = z.infer<typeof EnrollmentTokenView>;
export type TokenCreated = z.infer<typeof EnrollmentTokenCreated>;
export type SlaReportView = z.infer<typeof SlaReport>;
export type SavedFilter = SavedFilterView;
