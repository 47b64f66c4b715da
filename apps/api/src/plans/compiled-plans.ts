import { type CheckResult, checkPlan } from '@attain/rules';
import type { PlanVersion } from '../repositories/plans.js';
import { checkPlanOffThread, type PlanCheckSummary } from './check-off-thread.js';

/** Published versions kept compiled: far more than the versions in force at any one time. */
export const COMPILED_PLAN_CACHE_SIZE = 256;

/** Diagnostics that say the checker gave up (time budget, crash), not what the text is: never kept. */
const TRANSIENT_CODES = new Set(['PLAN_TOO_COMPLEX', 'INTERNAL_ERROR']);

interface Entry {
  /** The text the entry was made from: an id met again with other text is a miss, never a hit. */
  text: string;
  compiled?: CheckResult;
  summary?: Promise<PlanCheckSummary>;
}

/**
 * Published versions checked and compiled once, by version id: a version's text never changes, so
 * neither do its diagnostics, its compiled plan or the result of its examples. Bounded, least
 * recently used first out. Drafts never come here: their text changes under one id. One per
 * Repositories (so per app), since version ids are unique only within one database.
 */
export class CompiledPlanCache {
  private readonly entries = new Map<string, Entry>();
  private counts = { compilations: 0, checks: 0 };

  constructor(readonly capacity = COMPILED_PLAN_CACHE_SIZE) {}

  /** The version compiled (checkPlan, examples included), from the cache after the first time. */
  compile(version: PlanVersion): CheckResult {
    const entry = this.entry(version);
    if (!entry.compiled) {
      this.counts.compilations++;
      entry.compiled = checkPlan(version.text);
    }
    return entry.compiled;
  }

  /** What the checker says about the version, checked off the event loop the first time only. */
  check(version: PlanVersion): Promise<PlanCheckSummary> {
    const entry = this.entry(version);
    if (!entry.summary) {
      this.counts.checks++;
      const summary = checkPlanOffThread(version.text);
      entry.summary = summary;
      // A checker that ran out of time may well finish next time: ask again then.
      void summary.then((result) => {
        if (result.diagnostics.some((d) => TRANSIENT_CODES.has(d.code)) && entry.summary === summary) {
          delete entry.summary;
        }
      });
    }
    return entry.summary;
  }

  /** Keeps what a publish has just worked out, so the first calculation or check need not redo it. */
  remember(version: PlanVersion, compiled: CheckResult, summary: PlanCheckSummary): void {
    const entry = this.entry(version);
    entry.compiled ??= compiled;
    entry.summary ??= Promise.resolve(summary);
  }

  /** How often a version was compiled and checked rather than served from the cache (for tests). */
  stats(): { compilations: number; checks: number; size: number } {
    return { ...this.counts, size: this.entries.size };
  }

  private entry(version: PlanVersion): Entry {
    const found = this.entries.get(version.id);
    // Deleted and set again: a Map iterates in insertion order, so the first key is the least recent.
    this.entries.delete(version.id);
    const entry = found && found.text === version.text ? found : { text: version.text };
    this.entries.set(version.id, entry);
    while (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return entry;
  }
}
