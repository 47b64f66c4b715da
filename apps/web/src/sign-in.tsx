import { ViewerQuery } from '@attain/client';
import { type FormEvent, useState } from 'react';
import { ApiError, request } from './graphql';
import type { Session } from './session';

/** The first page: paste an API key; the API says whether it is valid and what its role is. */
export function SignIn({
  notice,
  onSignedIn,
}: {
  notice: string | null;
  onSignedIn: (session: Session) => void;
}) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (trimmed === '') {
      setError(
        'Paste your API key first. An admin creates keys with `pnpm --filter @attain/api create-key`.',
      );
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { viewer } = await request(trimmed, ViewerQuery, {});
      onSignedIn({ key: trimmed, viewer });
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.code === 'UNAUTHENTICATED'
          ? 'This key was not accepted: it is wrong, or it has been revoked. Check that you pasted all of it, or ask your admin for a new key.'
          : caught instanceof ApiError
            ? caught.message
            : String(caught),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" id="main">
      <h1>Attain console</h1>
      <p className="muted">Plans, payouts and statements. Sign in with the API key you were given.</p>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <form onSubmit={submit} noValidate>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          onChange={(event) => setKey(event.target.value)}
          aria-describedby={error ? 'sign-in-error' : 'key-help'}
          aria-invalid={error ? true : undefined}
        />
        <p id="key-help" className="muted small">
          Kept in this tab only (sessionStorage) and sent only in the Authorization header.
        </p>
        {error ? (
          <p id="sign-in-error" className="error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
