import type { Plugin } from 'graphql-yoga';
import { hashKeySecret } from '../auth/key-secret.js';
import type { AuthenticatedKey } from '../auth/roles.js';
import type { ApiKeysRepository } from '../repositories/api-keys.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Reads `Authorization: Bearer <key>` and puts the matching, unrevoked key on the context as
 * `apiKey`. A missing, malformed, wrong or revoked key all leave `apiKey` null, so every
 * protected field answers the same "Unauthorized" and nothing tells a guesser which case it hit.
 * The key is looked up on every request, so a revocation takes effect at once.
 */
export function useAuth(apiKeys: ApiKeysRepository): Plugin<{ apiKey: AuthenticatedKey | null }> {
  return {
    async onContextBuilding({ context, extendContext }) {
      const header = context.request.headers.get('authorization');
      const secret = header ? BEARER.exec(header)?.[1] : undefined;
      const key = secret ? await apiKeys.findActiveByHash(hashKeySecret(secret)) : null;
      extendContext({
        apiKey: key ? { id: key.id, role: key.role, participantId: key.participantId } : null,
      });
    },
  };
}
