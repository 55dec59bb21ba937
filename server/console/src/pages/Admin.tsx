import { AdminAudit } from './AdminAudit.js';
import { AdminCanned } from './AdminCanned.js';
import { AdminCategories } from './AdminCategories.js';
import { FaqEditor } from './AdminSettings.js';
import { SlaEditor } from './AdminSla.js';
import { AdminTokens } from './AdminTokens.js';
import { AdminUsers } from './AdminUsers.js';
import { AdminMail } from './AdminMail.js';

/** Users and roles, enrollment tokens with the enroll command, settings and the audit log. */
export function Admin() {
  return (
    <section>
      <h1>Administration</h1>
      <div className="grid">
        <AdminUsers />
        <AdminTokens />
      </div>
      <SlaEditor />
      <FaqEditor />
      <AdminMail />
      <AdminCategories />
      <AdminCanned />
      <AdminAudit />
    </section>
  );
}
