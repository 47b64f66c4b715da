import type { Plugin } from 'graphql-yoga';
import { hashKeySecret } from '../auth/key-secret.js';
import type { AuthenticatedKey } from '../auth/roles.js';
import type { ApiKeysRepository } from '../repositories/api-keys.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Reads `Authorization: Bearer <key>` and puts the matching, unrevoked key on the context as
 * `apiKey`. A missing, malformed, wrong or revoked key all leave `apiKey` null, so every
 * protected field answers the same "Unauthorized" and nothing tells a guesser which case it hit.
 * A verified key is cached for ATTAIN_KEY_CACHE_MS (5 s by default; ApiKeysRepository): a
 * revocation through this process applies to the next request, one made elsewhere within that time.
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
