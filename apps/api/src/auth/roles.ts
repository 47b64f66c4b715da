/** What an API key may do; see docs/api.md "Access control". */
export const ROLES = ['admin', 'analyst', 'participant', 'service'] as const;

export type Role = (typeof ROLES)[number];

/** True when `value` names one of the four roles. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The key a request authenticated with; absent when the request sent no key or a wrong one. */
export interface AuthenticatedKey {
  id: string;
  role: Role;
  /** Set for participant keys only: the one participant whose data the key may read. */
  participantId: string | null;
}
