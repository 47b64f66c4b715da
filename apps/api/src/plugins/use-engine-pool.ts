import type { Plugin } from 'graphql-yoga';
import { stopEnginePool } from '../engine-pool/engine-pool.js';

/** Stops the engine pool's threads when the app is disposed (server shutdown, end of a test). */
export function useEnginePool(): Plugin {
  return { onDispose: () => stopEnginePool() };
}
