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

/** Creates a key; a participant key must name an existing participant and other keys none. */
export async function createApiKey(
  repositories: Repositories,
  input: { name: string; role: Role; participantId?: string | null },
): Promise<CreatedApiKey> {
  const name = input.name.trim();
  if (name === '' || name.length > 100) {
    throw new InvalidInputError('name', 'name must be 1 to 100 characters, e.g. "finance dashboard"');
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
  });
  return { key, secret };
}
