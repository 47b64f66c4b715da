import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import type { AuditEntryInput, AuditLogRepository } from '../repositories/audit-log.js';

/** How long refusals of requests without a key are counted before one summary entry is written. */
export const ANONYMOUS_AUDIT_WINDOW_MS = 60_000;

/**
 * Refusals of requests without a valid key, per mutation: the first of a window is written at
 * once, the rest are counted and written as one summary entry when the window closes. Anyone who
 * reaches the port can send such requests, so what they write must not grow with their number:
 * at most two entries per mutation per window, whatever the traffic.
 */
class AnonymousRefusals {
  private readonly open = new Map<string, { since: Date; count: number }>();

  constructor(
    private readonly auditLog: AuditLogRepository,
    private readonly windowMs: number,
  ) {}

  /** The entries to write now; the others are counted. */
  admit(entry: AuditEntryInput): AuditEntryInput[] {
    const window = this.open.get(entry.mutation);
    if (window) {
      window.count += 1;
      return [];
    }
    this.open.set(entry.mutation, { since: entry.at, count: 0 });
    setTimeout(() => this.close(entry.mutation), this.windowMs).unref();
    return [entry];
  }

  private close(mutation: string): void {
    const window = this.open.get(mutation);
    this.open.delete(mutation);
    if (!window || window.count === 0) return;
    const summary: AuditEntryInput = {
      at: new Date(),
      keyId: null,
      role: null,
      mutation,
      arguments: { refusedCalls: String(window.count), since: window.since.toISOString() },
      outcome: 'UNAUTHENTICATED',
    };
    // Best effort: a summary lost to a database outage is a count, not a caller's record.
    this.auditLog.append([summary]).catch(() => undefined);
  }
}

/**
 * Writes the audit entries a mutation collected (context.audit) once the operation is done, in
 * one insert, before the response is sent: a caller that got an answer finds its entry. Entries
 * of requests without a key are rate-limited (AnonymousRefusals).
 */
export function useAudit(
  auditLog: AuditLogRepository,
  anonymousWindowMs = ANONYMOUS_AUDIT_WINDOW_MS,
): Plugin<Context> {
  const anonymous = new AnonymousRefusals(auditLog, anonymousWindowMs);
  return {
    onExecute() {
      return {
        async onExecuteDone({ args }) {
          const context = args.contextValue as Context;
          const entries = context.audit
            .splice(0)
            .flatMap((entry) => (entry.keyId === null ? anonymous.admit(entry) : [entry]));
          await auditLog.append(entries);
        },
      };
    },
  };
}
