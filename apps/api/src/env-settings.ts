/**
 * Reading one setting from the environment, for settings that modules read themselves (caches
 * read theirs where they are built); config.ts holds the ones the server reads at start-up.
 */

/** A duration setting in whole milliseconds, 0 allowed (it turns a cache off); unset means `defaultMs`. */
export function millisecondsSetting(env: NodeJS.ProcessEnv, name: string, defaultMs: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return defaultMs;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0) {
    throw new Error(`${name} must be a whole number of milliseconds (0 turns the cache off), got "${raw}"`);
  }
  return ms;
}
