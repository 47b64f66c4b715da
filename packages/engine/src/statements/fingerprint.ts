/** A canonical encoding of the run's inputs and its sha256, so equal inputs are recognisably equal. */
import { createHash } from 'node:crypto';
import type { CompiledPlan } from '@attain/rules';

/** JSON with object keys sorted at every level; functions and undefined are left out. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || typeof v === 'function') continue;
      out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** The same items in an order that does not depend on how they arrived. */
export function canonicalSet<T>(items: readonly T[]): string[] {
  return items.map(canonicalJson).sort();
}

/**
 * The parts of a compiled plan that decide its payouts. `evaluate` is a function and cannot be
 * hashed, so the plan's source text is included when the compiled plan carries one (`source`).
 */
export function planFingerprintData(plan: CompiledPlan): unknown {
  const { evaluate: _evaluate, ...data } = plan;
  return data;
}

/** sha256 hex of a string. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
