/**
 * Columns for one partition, and columns that cross to a worker thread. A slice keeps the rows a
 * partition's statements read, in the same order and with the same dictionaries, so every sum
 * adds the same numbers in the same order as over the whole columns: the cents are identical.
 * A packed slice is typed arrays and a few strings: it moves to a worker by transfer, with no
 * per-fact object to clone.
 */
import type { OrgSnapshot } from '../model/org.js';
import type { OrgPartition } from '../partitions/partition-org.js';
import {
  type AttributeColumn,
  type ColumnData,
  createColumns,
  type FactColumns,
  type GroupIndex,
  groupBy,
} from './fact-columns.js';

/**
 * The rows a partition's statements read: facts on the accounts of every team its participants
 * were ever members of, and facts credited to its participants. `allRows` keeps every row, for
 * plans that read other teams too (statistics over teams, clawbacks).
 */
export function partitionRows(
  columns: FactColumns,
  org: OrgSnapshot,
  partition: OrgPartition,
  allRows = false,
): Int32Array {
  if (allRows) return Int32Array.from({ length: columns.size }, (_, i) => i);
  const participants = new Set(partition.participantIds);
  const teams = new Set<string>();
  for (const m of org.memberships) if (participants.has(m.participantId)) teams.add(m.teamId);
  const accountWanted = new Uint8Array(columns.accountDictionary.length);
  for (const account of org.accounts) {
    const code = teams.has(account.teamId) ? columns.accountCode(account.id) : -1;
    if (code >= 0) accountWanted[code] = 1;
  }
  const participantWanted = new Uint8Array(columns.participantDictionary.length);
  for (const id of participants) {
    const code = columns.participantCode(id);
    if (code >= 0) participantWanted[code] = 1;
  }
  const keep = new Int32Array(columns.size);
  let kept = 0;
  for (let row = 0; row < columns.size; row++) {
    let wanted = accountWanted[columns.accounts[row] as number] === 1;
    const to = columns.creditStart[row + 1] as number;
    for (let e = columns.creditStart[row] as number; !wanted && e < to; e++) {
      wanted = participantWanted[columns.creditParticipant[e] as number] === 1;
    }
    if (wanted) keep[kept++] = row;
  }
  return keep.slice(0, kept);
}

/** The chosen rows (ascending) as columns of their own, over the same dictionaries; fresh buffers, safe to transfer. */
export function sliceFactColumns(columns: FactColumns, rows: Int32Array): FactColumns {
  const size = rows.length;
  const gather = <T extends Int32Array | Float64Array | Int8Array>(source: T): T => {
    const out = new (source.constructor as new (n: number) => T)(size);
    for (let i = 0; i < size; i++) out[i] = source[rows[i] as number] as number;
    return out;
  };
  const creditStart = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) {
    const row = rows[i] as number;
    creditStart[i + 1] =
      (creditStart[i] as number) +
      (columns.creditStart[row + 1] as number) -
      (columns.creditStart[row] as number);
  }
  const entries = creditStart[size] as number;
  const creditRow = new Int32Array(entries);
  const creditParticipant = new Int32Array(entries);
  const creditShare = new Float64Array(entries);
  for (let i = 0; i < size; i++) {
    const row = rows[i] as number;
    let at = creditStart[i] as number;
    const to = columns.creditStart[row + 1] as number;
    for (let e = columns.creditStart[row] as number; e < to; e++, at++) {
      creditRow[at] = i;
      creditParticipant[at] = columns.creditParticipant[e] as number;
      creditShare[at] = columns.creditShare[e] as number;
    }
  }
  const attributes = new Map<string, AttributeColumn>();
  for (const [name, column] of columns.attributes) {
    attributes.set(
      name,
      column.type === 'string'
        ? { type: 'string', codes: gather(column.codes), dictionary: column.dictionary }
        : column.type === 'boolean'
          ? { type: 'boolean', values: gather(column.values) }
          : { type: 'number', values: gather(column.values) },
    );
  }
  const ids = new Array<string>(size);
  for (let i = 0; i < size; i++) ids[i] = columns.ids[rows[i] as number] as string;
  const kinds = gather(columns.kinds);
  const accounts = gather(columns.accounts);
  return createColumns({
    size,
    ids,
    dates: gather(columns.dates),
    kinds,
    kindDictionary: columns.kindDictionary,
    accounts,
    accountDictionary: columns.accountDictionary,
    currencies: gather(columns.currencies),
    currencyDictionary: columns.currencyDictionary,
    attributes,
    creditStart,
    creditRow,
    creditParticipant,
    creditShare,
    participantDictionary: columns.participantDictionary,
    rowsByKind: byKind(kinds, columns.kindDictionary.length),
    rowsByAccount: groupBy(accounts, columns.accountDictionary.length),
    creditsByParticipant: groupBy(creditParticipant, columns.participantDictionary.length),
    issues: [],
  });
}

/** Columns as plain data that postMessage moves without cloning per-fact values; see packFactColumns. */
export interface PackedFactColumns {
  data: Omit<ColumnData, 'ids' | 'attributes' | 'rowsByKind'> & {
    attributes: [string, AttributeColumn][];
  };
  /** Every id, one after another; `idEnds[r]` is where row r's id ends. */
  joinedIds: string;
  idEnds: Int32Array;
  fingerprint: string | null;
}

/**
 * Columns as data for a worker, and the buffers to transfer with it. Transferring detaches the
 * buffers here: pack only columns made for the worker (a slice), never the ones still in use.
 */
export function packFactColumns(
  columns: FactColumns,
  fingerprint: string | null = null,
): { packed: PackedFactColumns; transfer: ArrayBuffer[] } {
  const idEnds = new Int32Array(columns.size);
  let length = 0;
  for (let i = 0; i < columns.size; i++) {
    length += (columns.ids[i] as string).length;
    idEnds[i] = length;
  }
  const packed: PackedFactColumns = {
    data: {
      size: columns.size,
      dates: columns.dates,
      kinds: columns.kinds,
      kindDictionary: columns.kindDictionary,
      accounts: columns.accounts,
      accountDictionary: columns.accountDictionary,
      currencies: columns.currencies,
      currencyDictionary: columns.currencyDictionary,
      attributes: [...columns.attributes],
      creditStart: columns.creditStart,
      creditRow: columns.creditRow,
      creditParticipant: columns.creditParticipant,
      creditShare: columns.creditShare,
      participantDictionary: columns.participantDictionary,
      rowsByAccount: columns.rowsByAccount,
      creditsByParticipant: columns.creditsByParticipant,
      issues: columns.issues,
    },
    joinedIds: columns.ids.join(''),
    idEnds,
    fingerprint,
  };
  const buffers = new Set<ArrayBuffer>();
  const add = (array: { buffer: ArrayBufferLike }) => {
    if (array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  };
  const { data } = packed;
  for (const array of [
    idEnds,
    data.dates,
    data.kinds,
    data.accounts,
    data.currencies,
    data.creditStart,
    data.creditRow,
    data.creditParticipant,
    data.creditShare,
    data.rowsByAccount.start,
    data.rowsByAccount.items,
    data.creditsByParticipant.start,
    data.creditsByParticipant.items,
  ]) {
    add(array);
  }
  for (const [, column] of data.attributes) add(column.type === 'string' ? column.codes : column.values);
  return { packed, transfer: [...buffers] };
}

/** Columns again from packed data (in the worker); ids are cut out of the joined text on first use. */
export function unpackFactColumns(packed: PackedFactColumns): FactColumns {
  const { data, joinedIds, idEnds } = packed;
  const columns = createColumns(
    {
      ...data,
      ids: [],
      attributes: new Map(data.attributes),
      rowsByKind: byKind(data.kinds, data.kindDictionary.length),
    },
    packed.fingerprint ?? undefined,
  );
  // Most evaluations never read an id (only fact lists and clawbacks do): cut them when asked.
  let ids: string[] | undefined;
  Object.defineProperty(columns, 'ids', {
    get() {
      if (!ids) {
        ids = new Array<string>(idEnds.length);
        let start = 0;
        for (let i = 0; i < idEnds.length; i++) {
          const end = idEnds[i] as number;
          ids[i] = joinedIds.slice(start, end);
          start = end;
        }
      }
      return ids;
    },
  });
  return columns;
}

function byKind(kinds: Int32Array, count: number): Int32Array[] {
  const index: GroupIndex = groupBy(kinds, count);
  return Array.from({ length: count }, (_, k) => index.items.subarray(index.start[k], index.start[k + 1]));
}
