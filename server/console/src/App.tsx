import { useAuth } from './auth.js';
import { useRoute } from './router.js';
import { Account } from './pages/Account.js';
import { Admin } from './pages/Admin.js';
import { Dashboard } from './pages/Dashboard.js';
import { FaqPage } from './pages/Faq.js';
import { DevicePage } from './pages/Device.js';
import { Inventory } from './pages/Inventory.js';
import { MyTickets } from './pages/MyTickets.js';
import { Queue } from './pages/Queue.js';
import { Reports } from './pages/Reports.js';
import { Sessions } from './pages/Sessions.js';
import { Software } from './pages/Software.js';
import { Alerts } from './pages/Alerts.js';
import { JobPage, Jobs } from './pages/Jobs.js';
import { TicketPage } from './pages/Ticket.js';
import { LiveAlerts } from './components/LiveAlerts.js';
import { TwoFactor } from './components/TwoFactor.js';

const NotAllowed = () => (
  <section>
    <h1>Not available</h1>
    <p>Your account cannot open this page.</p>
  </section>
);

/** A session that may only set up two-factor sign-in, as the security policy requires for the role. */
function TwoFactorSetup({ user, logout }: { user: NonNullable<ReturnType<typeof useAuth>['user']>; logout(): void }) {
  return (
    <main className="signin">
      <h1>Deskside</h1>
      <p role="alert">Your organisation requires two-factor sign-in for {user.role}s. Set it up to continue, {user.username}.</p>
      <TwoFactor user={user} />
      <button type="button" className="secondary" onClick={logout}>
        Sign out
      </button>
    </main>
  );
}

/** Pages by role: technicians live in the queue; admins also see the fleet and the settings. */
export function App() {
  const { user, logout } = useAuth();
  if (user?.totpSetupRequired) return <TwoFactorSetup user={user} logout={logout} />;
  return <Pages />;
}

function Pages() {
  const { user, logout } = useAuth();
  const [page = '', id] = useRoute();
  const role = user!.role;
  const staff = role !== 'employee';
  let content;
  if (page === 'faq') content = <FaqPage />;
  else if (page === 'account') content = <Account user={user!} />;
  else if (page === 'tickets' && id === 'new') content = <MyTickets />;
  else if (page === 'tickets' && id) content = <TicketPage id={Number(id)} />;
  else if (!staff) content = page === '' || page === 'tickets' ? <MyTickets /> : <NotAllowed />;
  else if (page === 'inventory') content = <Inventory />;
  else if (page === 'software') content = <Software />;
  else if (page === 'alerts') content = <Alerts />;
  else if (page === 'jobs' && id) content = <JobPage id={Number(id)} />;
  else if (page === 'jobs') content = <Jobs />;
  else if (page === 'devices' && id) content = <DevicePage id={id} />;
  else if (page === 'dashboard') content = <Dashboard />;
  else if (page === 'reports') content = <Reports />;
  else if (page === 'sessions') content = <Sessions />;
  else if (page === 'admin') content = role === 'admin' ? <Admin /> : <NotAllowed />;
  else content = <Queue />;
  const link = (to: string, label: string) => (
    <a href={`#/${to}`} aria-current={page === to ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <>
      <header className="top">
        <strong className="brand">Deskside</strong>
        <nav aria-label="Main">
          {staff ? link('tickets', 'Queue') : link('tickets', 'My requests')}
          {staff && link('inventory', 'Inventory')}
          {staff && link('software', 'Software')}
          {staff && link('alerts', 'Alerts')}
          {staff && link('jobs', 'Scripts')}
          {staff && link('dashboard', 'Dashboard')}
          {staff && link('reports', 'Reports')}
          {staff && link('sessions', 'Sessions')}
          {role === 'admin' && link('admin', 'Admin')}
          {link('faq', 'FAQ')}
        </nav>
        <span className="who">
          {staff && <LiveAlerts user={user!} />}{' '}
          <a href="#/account" aria-label="Account settings" aria-current={page === 'account' ? 'page' : undefined}>
            {user!.username}
          </a>{' '}
          ({role})
          <button type="button" className="secondary small" onClick={logout}>
            Sign out
          </button>
        </span>
      </header>
      <main>{content}</main>
    </>
  );
}
