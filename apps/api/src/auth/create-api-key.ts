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
