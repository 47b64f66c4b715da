import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import type { AuditLogRepository } from '../repositories/audit-log.js';

/**
 * Writes the audit entries a mutation collected (context.audit) once the operation is done, in
 * one insert, before the response is sent: a caller that got an answer finds its entry.
 */
export function useAudit(auditLog: AuditLogRepository): Plugin<Context> {
  return {
    onExecute() {
      return {
        async onExecuteDone({ args }) {
          const context = args.contextValue as Context;
          const entries = context.audit.splice(0);
          await auditLog.append(entries);
        },
      };
    },
  };
}
