import type { Repositories } from '../repositories/index.js';

/** Who calculated a run and who approves it, as four eyes compare them. */
export interface ApprovalPeople {
  calculatedByOwner: string | null;
  approvedByOwner: string | null;
  /** The same key, or two keys with the same owner: one person. */
  samePerson: boolean;
}

/**
 * The owners of the calculating and the approving key. Four eyes are per person: two keys of one
 * owner are one person; a key without an owner (created before owners were recorded, or without
 * one) is a person of its own, so it only meets itself. A key's owner never changes, so this
 * gives the same answer whenever it is asked.
 */
export async function approvalPeople(
  repositories: Repositories,
  calculatedBy: string | null,
  approvedBy: string,
): Promise<ApprovalPeople> {
  const ownerOf = async (keyId: string | null) =>
    keyId === null ? null : ((await repositories.apiKeys.findById(keyId))?.owner ?? null);
  const [calculatedByOwner, approvedByOwner] = await Promise.all([
    ownerOf(calculatedBy),
    ownerOf(approvedBy),
  ]);
  const samePerson =
    calculatedBy === approvedBy || (calculatedByOwner !== null && calculatedByOwner === approvedByOwner);
  return { calculatedByOwner, approvedByOwner, samePerson };
}
