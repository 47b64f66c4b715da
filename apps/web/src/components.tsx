import type { ReactNode } from 'react';
import type { ApiError } from './graphql';

/** What went wrong, in words, with what to do next; never a stack trace. */
export function ErrorMessage({ error, what }: { error: ApiError; what: string }) {
  const text =
    error.code === 'UNAUTHENTICATED'
      ? 'Your API key is no longer accepted: it may have been revoked. Sign out and sign in with a valid key.'
      : error.code === 'FORBIDDEN'
        ? `Your key may not see ${what}.`
        : `Could not load ${what}: ${error.message}`;
  return (
    <p className="error" role="alert">
      {text} <span className="code">({error.code})</span>
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Page({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">{title}</h1>
        {actions ? <div className="actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}
