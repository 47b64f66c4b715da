import { ViewerQuery } from '@attain/client';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Loading, Page } from './components';
import { ApiError, request } from './graphql';
import { homeFor, mayOpen, navFor } from './navigation';
import { Link, navigate, usePath } from './router';
import { type Session, SessionContext, storedKey, storeKey } from './session';
import { SignIn } from './sign-in';

// Each page is its own chunk, so signing in loads neither the editor nor the rules package.
const PlansPage = lazy(() => import('./pages/plans-page'));
const PlanEditorPage = lazy(() => import('./pages/plan-editor-page'));
const PayoutsPage = lazy(() => import('./pages/payouts-page'));
const RunPage = lazy(() => import('./pages/run-page'));
const StatementPage = lazy(() => import('./pages/statement-page'));
const PersonStatementsPage = lazy(() => import('./pages/person-statements-page'));
const MyStatementsPage = lazy(() => import('./pages/my-statements-page'));
const BacktestsPage = lazy(() => import('./pages/backtests-page'));
const ImportsPage = lazy(() => import('./pages/imports-page'));
const WhatIfPage = lazy(() => import('./pages/what-if-page'));

/** The console: the sign-in form until a key is accepted, then the pages its role may use. */
export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [restoring, setRestoring] = useState(() => storedKey() !== null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const key = storedKey();
    if (!key) return;
    request(key, ViewerQuery, {}).then(
      ({ viewer }) => {
        setSession({ key, viewer });
        setRestoring(false);
      },
      (error: unknown) => {
        storeKey(null);
        setNotice(
          error instanceof ApiError && error.code === 'UNAUTHENTICATED'
            ? 'Your API key is no longer accepted: it may have been revoked. Sign in with a valid key.'
            : 'Could not check your API key. Sign in again.',
        );
        setRestoring(false);
      },
    );
  }, []);

  if (restoring) return <Loading what="your session" />;
  if (!session)
    return (
      <SignIn
        notice={notice}
        onSignedIn={(next) => {
          storeKey(next.key);
          setNotice(null);
          setSession(next);
          if (window.location.pathname === '/' || !mayOpen(next.viewer.role, window.location.pathname)) {
            navigate(homeFor(next.viewer.role), { replace: true });
          }
        }}
      />
    );
  return (
    <SessionContext.Provider value={session}>
      <Shell
        session={session}
        onSignOut={() => {
          storeKey(null);
          setSession(null);
          navigate('/', { replace: true });
        }}
      />
    </SessionContext.Provider>
  );
}

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const path = usePath();
  const { role, participantId } = session.viewer;
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Attain</span>
        <nav aria-label="Main">
          <ul>
            {navFor(role).map((item) => (
              <li key={item.path}>
                <Link
                  to={item.path}
                  aria-current={path === item.path || path.startsWith(`${item.path}/`) ? 'page' : undefined}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">
          {role} key{participantId ? ` · ${participantId}` : ''}
        </span>
        <button type="button" className="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main">
        <Suspense fallback={<Loading what="the page" />}>
          <Route path={path} role={role} />
        </Suspense>
      </main>
    </div>
  );
}

function Route({ path, role }: { path: string; role: Session['viewer']['role'] }) {
  if (path === '/') return <Redirect to={homeFor(role)} />;
  if (!mayOpen(role, path)) {
    return (
      <Page title="Not available">
        <p role="alert">
          A {role} key cannot use this page. <Link to={homeFor(role)}>Go to your start page</Link>.
        </p>
      </Page>
    );
  }
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = segments;
  if (first === 'plans' && segments.length === 1) return <PlansPage />;
  if (first === 'plans' && second && segments.length === 2) return <PlanEditorPage planId={second} />;
  if (first === 'payouts' && segments.length === 1) return <PayoutsPage />;
  if (first === 'payouts' && second === 'runs' && third && segments.length === 3)
    return <RunPage runId={third} />;
  if (first === 'statements' && second && segments.length === 2)
    return <StatementPage statementId={second} />;
  if (first === 'people' && second && third && segments.length === 3)
    return <PersonStatementsPage participantId={second} period={third} />;
  if (first === 'me' && segments.length === 1) return <MyStatementsPage />;
  if (first === 'backtests' && segments.length === 1) return <BacktestsPage />;
  if (first === 'imports' && segments.length === 1) return <ImportsPage />;
  if (first === 'what-if' && segments.length === 1) return <WhatIfPage />;
  return (
    <Page title="Page not found">
      <p>
        There is no page at {path}. <Link to={homeFor(role)}>Go to your start page</Link>.
      </p>
    </Page>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
