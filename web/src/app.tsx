import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useAuth } from 'react-oidc-context';
import { I18nProvider, useI18n } from './i18n-context';
import type { MessageKey } from './i18n';
import { navigate, useRoute, type Route } from './router';
import {
  clearCitizen,
  saveCitizen,
  sessionFromUser,
  setTokenSource,
  type Role,
  type Session,
} from './session';
import { RedirectToSignIn, SignInPage } from './pages/sign-in';
import { CitizenIdentityForm } from './pages/citizen-identity';
import { MyClaimsPage } from './pages/my-claims';
import { NewClaimPage } from './pages/new-claim';
import { MyVisitsPage } from './pages/my-visits';
import { DelegationsPage } from './pages/delegations';
import { AgentFilingPage } from './pages/agent-filing';
import { ClaimPage } from './pages/claim-page';
import { QueuePage } from './pages/queue';
import { CasePage } from './pages/case-page';
import { DashboardPage } from './pages/dashboard';
import { FollowUpsPage } from './pages/follow-ups';
import { ElderModeProvider, useElderMode } from './elder-mode';

export const ROLE_WORDS: Record<Role, MessageKey> = {
  citizen: 'roleCitizen',
  clerk: 'roleClerk',
  supervisor: 'roleSupervisor',
  admin: 'roleAdmin',
  agent: 'roleAgent',
};

/** Where each role lands after signing in. */
const HOME: Record<Role, string> = {
  citizen: '/claims',
  clerk: '/clerk',
  supervisor: '/dashboard',
  admin: '/dashboard',
  agent: '/agent',
};

/** Who may open each page; the API checks again, this only spares a request that would be refused. */
const PAGE_ROLES: Partial<Record<Route['page'], readonly Role[]>> = {
  claims: ['citizen'],
  'new-claim': ['citizen'],
  visits: ['citizen'],
  delegations: ['citizen'],
  agent: ['agent'],
  'file-for-family': ['citizen'],
  claim: ['citizen'],
  queue: ['clerk', 'admin'],
  case: ['clerk', 'supervisor', 'admin'],
  dashboard: ['supervisor', 'admin'],
  'follow-ups': ['clerk', 'supervisor', 'admin'],
};

export function App() {
  return (
    <I18nProvider>
      <ElderModeProvider>
        <Shell />
      </ElderModeProvider>
    </I18nProvider>
  );
}

function Shell() {
  const route = useRoute();
  const auth = useAuth();
  const [citizenRound, setCitizenRound] = useState(0);
  // citizenRound: the session is read again once a citizen has said who they are.
  const session = useMemo(() => sessionFromUser(auth.user), [auth.user, citizenRound]);
  setTokenSource(() => session?.token);
  const { t } = useI18n();

  const signOut = () => {
    clearCitizen();
    void auth.signoutRedirect();
  };

  let content: ReactNode;
  if (auth.isLoading || auth.activeNavigator) {
    content = <p role="status">{t('loading')}</p>;
  } else if (route.page === 'sign-in' && session) {
    content = <Redirect to={HOME[session.role]} />;
  } else if (route.page === 'sign-in' || (!session && auth.error)) {
    content = <SignInPage returnTo="#/" />;
  } else if (!session) {
    content = <RedirectToSignIn returnTo={window.location.hash || '#/'} />;
  } else if (session.role === 'citizen' && !session.citizen && route.page === 'new-claim') {
    content = (
      <CitizenIdentityForm
        onSaved={(citizen) => {
          saveCitizen(session.sub, citizen);
          setCitizenRound((n) => n + 1);
        }}
      />
    );
  } else if (route.page === 'home') {
    content = <Redirect to={HOME[session.role]} />;
  } else if (route.page === 'not-found') {
    content = (
      <p role="alert" className="error">
        {t('notFound')}
      </p>
    );
  } else if (!(PAGE_ROLES[route.page] ?? []).includes(session.role)) {
    content = (
      <p role="alert" className="error" data-error="not_allowed">
        {t('notAllowed', { role: t(ROLE_WORDS[session.role]) })}
      </p>
    );
  } else {
    content = <Page route={route} session={session} />;
  }

  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}
      >
        {t('skipToContent')}
      </a>
      <Header session={route.page === 'sign-in' ? undefined : session} onSignOut={signOut} />
      <main id="main" tabIndex={-1}>
        {content}
      </main>
    </>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to), [to]);
  return null;
}

function Page({ route, session }: { route: Route; session: Session }) {
  switch (route.page) {
    case 'claims':
      return <MyClaimsPage />;
    case 'new-claim':
      return <NewClaimPage session={session} />;
    case 'visits':
      return <MyVisitsPage session={session} />;
    case 'delegations':
      return <DelegationsPage />;
    case 'agent':
      return <AgentFilingPage />;
    case 'file-for-family':
      return <AgentFilingPage mode="delegate" />;
    case 'claim':
      return <ClaimPage claimId={route.claimId} />;
    case 'queue':
      return <QueuePage session={session} />;
    case 'case':
      return <CasePage claimId={route.claimId} session={session} />;
    case 'dashboard':
      return <DashboardPage session={session} />;
    case 'follow-ups':
      return <FollowUpsPage session={session} />;
    default:
      return null;
  }
}

function Header({ session, onSignOut }: { session?: Session; onSignOut(): void }) {
  const { t, language, setLanguage } = useI18n();
  const { elder, setElder } = useElderMode();
  const links: { href: string; label: MessageKey }[] =
    session?.role === 'citizen'
      ? [
          { href: '#/claims', label: 'navMyClaims' },
          { href: '#/visits', label: 'navMyVisits' },
          { href: '#/delegations', label: 'navDelegations' },
          { href: '#/file-for-family', label: 'navFileForFamily' },
          { href: '#/claims/new', label: 'navNewClaim' },
        ]
      : session?.role === 'clerk'
        ? [
            { href: '#/clerk', label: 'navQueue' },
            { href: '#/follow-ups', label: 'navFollowUps' },
          ]
        : session?.role === 'agent'
          ? [{ href: '#/agent', label: 'navAgent' }]
          : session
            ? [
                { href: '#/dashboard', label: 'navDashboard' },
                { href: '#/follow-ups', label: 'navFollowUps' },
              ]
            : [];
  return (
    <header className="top">
      <div className="brand">{t('appName')}</div>
      {links.length > 0 && (
        <nav aria-label={t('appName')}>
          <ul>
            {links.map((l) => (
              <li key={l.href}>
                <a href={l.href}>{t(l.label)}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div className="top-actions">
        {session && (
          <span className="who" data-testid="who">
            {t('signedInAs', {
              who: `${t(ROLE_WORDS[session.role])} ${session.role === 'citizen' ? (session.citizen?.name ?? '') : session.sub}`,
            })}
          </span>
        )}
        {(!session || session.role === 'citizen') && (
          <button
            type="button"
            className="link-button mode-switch"
            aria-pressed={elder}
            onClick={() => setElder(!elder)}
          >
            {t('elderMode')}
          </button>
        )}
        <button
          type="button"
          className="link-button"
          lang={language === 'zh' ? 'en' : 'zh-CN'}
          aria-label={`${t('language')}: ${t('switchLanguage')}`}
          onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}
        >
          {t('switchLanguage')}
        </button>
        {session && (
          <button type="button" className="link-button" onClick={onSignOut}>
            {t('signOut')}
          </button>
        )}
      </div>
    </header>
  );
}
