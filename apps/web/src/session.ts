import type { ViewerQuery } from '@attain/client';
import { createContext, useContext } from 'react';
import type { ResultOf } from './graphql';

const STORAGE_KEY = 'attain.apiKey';

export type Viewer = ResultOf<typeof ViewerQuery>['viewer'];

export interface Session {
  key: string;
  viewer: Viewer;
}

/**
 * The key lives in sessionStorage: it survives a reload of the tab, is gone when the tab closes,
 * and is sent only in the Authorization header, never in a URL.
 */
export function storedKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function storeKey(key: string | null): void {
  if (key === null) sessionStorage.removeItem(STORAGE_KEY);
  else sessionStorage.setItem(STORAGE_KEY, key);
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in session; pages render only inside it. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}
