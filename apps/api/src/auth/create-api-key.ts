import { InvalidInputError, NotFoundError, quoted } from '../errors.js';
import type { ApiKey } from '../repositories/api-keys.js';
import type { Repositories } from '../repositories/index.js';
import { generateKeySecret, hashKeySecret } from './key-secret.js';
import type { Role } from './roles.js';

export interface CreatedApiKey {
  key: ApiKey;
  /** The secret to send as `Authorization: Bearer <secret>`; shown once, stored only as a hash. */
  secret: string;
}

/** Longest owner kept: an email or a person's name. */
const MAX_OWNER_LENGTH = 200;

/** The roles whose keys calculate and approve payouts, so four eyes need to know who holds them. */
const OWNED_ROLES: readonly Role[] = ['admin', 'analyst'];

/**
 * Refuses an admin or analyst key without an owner (code INVALID_INPUT, field `owner`): four eyes
 * on approvals compare owners, and a key without one only ever meets itself. Checked where people
 * create keys (the createApiKey mutation, the create-key command); keys created before stay valid.
 */
export function requireOwner(role: Role, owner: string | null | undefined, flag = 'owner'): void {
  if (!OWNED_ROLES.includes(role) || (owner ?? '').trim() !== '') return;
  throw new InvalidInputError(
    'owner',
    `an ${role} key needs ${flag}: who holds it, e.g. ${flag === 'owner' ? 'owner: "dana@example.com"' : '--owner "dana@example.com"'}. Four eyes on payout approvals compare owners, so the approving key must be held by another person than the calculating one.`,
  );
}

/**
 * Creates a key; a participant key must name an existing participant and other keys none. The
 * owner is who holds the key: four eyes compare owners, so one person's two keys count as one
 * person (docs/api-paycycle.md).
 */
export async function createApiKey(
  repositories: Repositories,
  input: { name: string; role: Role; participantId?: string | null; owner?: string | null },
): Promise<CreatedApiKey> {
  const name = input.name.trim();
  if (name === '' || name.length > 100) {
    throw new InvalidInputError('name', 'name must be 1 to 100 characters, e.g. "finance dashboard"');
  }
  const owner = input.owner === undefined || input.owner === null ? null : input.owner.trim();
  if (owner !== null && (owner === '' || owner.length > MAX_OWNER_LENGTH)) {
    throw new InvalidInputError(
      'owner',
      `owner is who holds the key, e.g. "dana@example.com": 1 to ${MAX_OWNER_LENGTH} characters, or leave it out`,
    );
  }
  const participantId = input.participantId ?? null;
  if (input.role === 'participant') {
    if (participantId === null) {
      throw new InvalidInputError(
        'participantId',
        'a participant key needs participantId: the participant whose data it reads',
      );
    }
    const existing = await repositories.participants.existingIds([participantId]);
    if (!existing.has(participantId)) {
      throw new NotFoundError(
        `No participant has id ${quoted(participantId)}; import the participant first.`,
      );
    }
  } else if (participantId !== null) {
    throw new InvalidInputError(
      'participantId',
      `only participant keys are bound to a participant; leave participantId out for a ${input.role} key`,
    );
  }
  const secret = generateKeySecret();
  const key = await repositories.apiKeys.create({
    hash: hashKeySecret(secret),
    name,
    role: input.role,
    participantId,
    owner,
  });
  return { key, secret };
}
