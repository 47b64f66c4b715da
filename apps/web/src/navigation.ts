import type { Viewer } from './session';

type Role = Viewer['role'];

/** A page of the navigation and the roles whose keys may use it (the API's access policy). */
export interface NavItem {
  path: string;
  label: string;
  roles: readonly Role[];
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/plans', label: 'Plans', roles: ['admin', 'analyst'] },
  { path: '/payouts', label: 'Payouts', roles: ['admin', 'analyst', 'service'] },
  { path: '/backtests', label: 'Backtests', roles: ['admin', 'analyst'] },
  { path: '/imports', label: 'Imports', roles: ['admin'] },
  { path: '/me', label: 'My statements', roles: ['participant'] },
  { path: '/what-if', label: 'What if', roles: ['participant'] },
];

/** The pages a key of this role may use, in navigation order. */
export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}

/** Where a key of this role lands after signing in. */
export function homeFor(role: Role): string {
  return navFor(role)[0]?.path ?? '/me';
}

/** True when a key of this role may open the page at `path` (pages outside the nav: everyone). */
export function mayOpen(role: Role, path: string): boolean {
  const item = NAV_ITEMS.find(
    (candidate) => path === candidate.path || path.startsWith(`${candidate.path}/`),
  );
  return !item || item.roles.includes(role);
}
