import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from 'graphql-yoga';

/**
 * Limits on the shape of an operation (documented in docs/api.md, "Limits"). They bound the
 * query document only: a 100,000-record import passes its records as variables, which these
 * limits do not count.
 */
export const ARMOR_LIMITS = {
  maxDepth: 12,
  maxAliases: 15,
  maxTokens: 2_000,
  maxDirectives: 20,
} as const;

export function useArmor(): Plugin {
  return EnvelopArmorPlugin({
    // A fragment's fields count at the depth they are spread at, as if written out: otherwise
    // each spread costs a level, and a shared fragment (@attain/client's explanation tree) fits less.
    maxDepth: { n: ARMOR_LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: ARMOR_LIMITS.maxAliases },
    // Counted before parsing by useQueryLimits, whose lexer loop cannot overflow the stack.
    maxTokens: { enabled: false },
    maxDirectives: { n: ARMOR_LIMITS.maxDirectives },
    // Armor's cost grows 1.5x per level and ignores page sizes given as variables; ours is in
    // use-cost-limit.ts.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }) as Plugin;
}
