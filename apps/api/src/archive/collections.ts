import type { Document } from 'mongodb';

/**
 * How an archive carries one collection. `copy`: every document as stored. `keys`: the API keys'
 * metadata without the hash of their secret (docs/backup.md, "API keys").
 */
export type ArchivePolicy = 'copy' | 'keys';

/**
 * Every collection the API writes, with how an export carries it and why. The export copies the
 * collections it finds whether listed or not (so a new one is never left out), and a test fails
 * when the code writes one that is missing here, so that its author decides whether it may hold
 * a secret.
 */
export const COLLECTION_POLICIES: Readonly<Record<string, { policy: ArchivePolicy; why: string }>> = {
  participants: { policy: 'copy', why: 'the org' },
  teams: { policy: 'copy', why: 'the org: teams, their memberships and accounts' },
  accounts: { policy: 'copy', why: 'the org' },
  assignments: { policy: 'copy', why: 'who is on which plan, with what target incentive' },
  goals: { policy: 'copy', why: 'quotas' },
  goal_snapshots: { policy: 'copy', why: 'the goals a stored run read' },
  goal_snapshot_head: { policy: 'copy', why: 'the current goal snapshot' },
  exchange_rates: { policy: 'copy', why: 'the rates stored runs converted with' },
  fact_blocks: {
    policy: 'copy',
    why: 'every stored generation: runs and backtests explain their lines on the generation they read',
  },
  fact_manifests: { policy: 'copy', why: 'the generations of the fact store' },
  fact_head: { policy: 'copy', why: 'the current generation' },
  facts: { policy: 'copy', why: 'facts in the layout before columnar blocks, until migrate-facts runs' },
  fact_migration: { policy: 'copy', why: 'where migrate-facts stopped' },
  plans: { policy: 'copy', why: 'plans and their drafts' },
  plan_versions: { policy: 'copy', why: 'published versions, immutable' },
  payout_runs: { policy: 'copy', why: 'payout runs, immutable' },
  payout_statements: { policy: 'copy', why: 'statements and their lines' },
  payout_ledgers: { policy: 'copy', why: 'what earlier periods paid, for true-ups' },
  payout_approvals: { policy: 'copy', why: 'the pay cycle' },
  payout_entries: { policy: 'copy', why: 'the pay cycle: adjustments and corrections' },
  payout_disputes: { policy: 'copy', why: 'the pay cycle' },
  payout_dispute_events: { policy: 'copy', why: 'the pay cycle' },
  payroll_exports: { policy: 'copy', why: 'the pay cycle: files sent to payroll' },
  backtests: { policy: 'copy', why: 'backtest jobs and summaries' },
  backtest_rows: { policy: 'copy', why: 'backtest rows' },
  backtest_leases: {
    policy: 'copy',
    why: 'a running backtest in the archive is then ended as INTERRUPTED by the restored API, as after a crash',
  },
  audit_log: { policy: 'copy', why: 'who did what' },
  api_keys: { policy: 'keys', why: 'who may call the API: names and roles, never the hash of a secret' },
};

/** Collections of an unfinished restore (restore-dataset.ts); never exported, never counted as data. */
export const STAGING_PREFIX = 'restore_staging__';

/**
 * Collections whose documents commit what others hold: a fact manifest lists blocks written
 * before it, a goal snapshot head names parts written before it, a run is marked complete after
 * its statements and ledger, a backtest after its rows. An export reads them first, so that
 * whatever they commit is written by the time the export reads the others: an export beside a
 * running API may miss the newest import or run, but never holds a generation, snapshot, run or
 * backtest without its parts.
 */
export const COMMIT_RECORDS = [
  'fact_manifests',
  'fact_head',
  'goal_snapshot_head',
  'payout_runs',
  'backtests',
];

/**
 * The collections of `names` an archive carries, in the order an export reads them: all but
 * staging and the server's own, the commit records first, then by name.
 */
export function archivedCollections(names: readonly string[]): string[] {
  const rank = (name: string) => {
    const at = COMMIT_RECORDS.indexOf(name);
    return at === -1 ? COMMIT_RECORDS.length : at;
  };
  return names
    .filter((name) => !name.startsWith(STAGING_PREFIX) && !name.startsWith('system.'))
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** A document as the archive carries it. */
export function toArchived(collection: string, document: Document): Document {
  if (COLLECTION_POLICIES[collection]?.policy !== 'keys') return document;
  const { hash: _hash, ...metadata } = document;
  return metadata;
}

/**
 * A document of the archive as a restore writes it. A key comes back without a secret: its
 * hash field is set to a value no secret hashes to (the unique index needs one) and it is
 * revoked at `restoredAt` unless it already was, so that nothing authenticates until an admin
 * creates a key in the restored database.
 */
export function fromArchived(collection: string, document: Document, restoredAt: Date): Document {
  if (COLLECTION_POLICIES[collection]?.policy !== 'keys') return document;
  return {
    ...document,
    hash: `restored-without-secret:${String(document._id)}`,
    revokedAt: document.revokedAt ?? restoredAt,
  };
}
