/**
 * Columns shared with worker threads, and a partition's slice of them. Shared columns are typed
 * arrays over SharedArrayBuffers and the ids joined in one string: every worker reads the same
 * memory, and no per-fact value is cloned. A slice keeps the rows a partition's statements
 * read, in the same order and with the same dictionaries, so every sum adds the same numbers in
 * the same order as over the whole columns: the cents are identical.
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

/** The chosen rows (ascending) as columns of their own, over the same dictionaries; ids are read through on first use. */
export function sliceFactColumns(columns: FactColumns, rows: Int32Array): FactColumns {
  const size = rows.length;
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
        ? { type: 'string', codes: gatherInt32(column.codes, rows), dictionary: column.dictionary }
        : column.type === 'boolean'
          ? { type: 'boolean', values: gatherInt8(column.values, rows) }
          : { type: 'number', values: gatherFloat64(column.values, rows) },
    );
  }
  const kinds = gatherInt32(columns.kinds, rows);
  const accounts = gatherInt32(columns.accounts, rows);
  // Most evaluations never read an id (fact lists, clawbacks and error messages do): on first use.
  const makeIds = () => {
    const ids = new Array<string>(size);
    for (let i = 0; i < size; i++) ids[i] = columns.ids[rows[i] as number] as string;
    return ids;
  };
  return createColumns(
    {
      size,
      ids: [],
      dates: gatherInt32(columns.dates, rows),
      kinds,
      kindDictionary: columns.kindDictionary,
      accounts,
      accountDictionary: columns.accountDictionary,
      currencies: gatherInt32(columns.currencies, rows),
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
    },
    undefined,
    makeIds,
  );
}

/** Columns as data that postMessage shares with a worker without copying a fact: see shareFactColumns. */
export interface SharedFactColumns {
  data: Omit<ColumnData, 'ids' | 'attributes' | 'rowsByKind'> & {
    attributes: [string, AttributeColumn][];
  };
  /**
   * Every id, one after another (`ends[r]` is where row r's id ends); null when not sent: joining
   * a million ids costs more than a plan's evaluation, and most evaluations never read one.
   */
  ids: { joined: string; ends: Int32Array } | null;
}

/** What a worker throws when it needs a fact id it was not sent; the caller sends the ids and runs again. */
export const IDS_NOT_SENT = 'IDS_NOT_SENT: the evaluation reads fact ids, which were not sent';

const shared = new WeakMap<FactColumns, SharedFactColumns>();

/**
 * The columns over SharedArrayBuffers, copied once per columns (later calls give the same
 * copy): posting the result to any number of workers shares the memory, copies no fact.
 */
export function shareFactColumns(columns: FactColumns, withIds = false): SharedFactColumns {
  const known = shared.get(columns);
  if (known && (known.ids || !withIds)) return known;
  if (known) {
    const result = { ...known, ids: idsOf(columns) };
    shared.set(columns, result);
    return result;
  }
  const group = (index: GroupIndex): GroupIndex => ({
    start: toShared(index.start),
    items: toShared(index.items),
  });
  const result: SharedFactColumns = {
    data: {
      size: columns.size,
      dates: toShared(columns.dates),
      kinds: toShared(columns.kinds),
      kindDictionary: columns.kindDictionary,
      accounts: toShared(columns.accounts),
      accountDictionary: columns.accountDictionary,
      currencies: toShared(columns.currencies),
      currencyDictionary: columns.currencyDictionary,
      attributes: [...columns.attributes].map(([name, column]): [string, AttributeColumn] => [
        name,
        column.type === 'string'
          ? { ...column, codes: toShared(column.codes) }
          : column.type === 'boolean'
            ? { ...column, values: toShared(column.values) }
            : { ...column, values: toShared(column.values) },
      ]),
      creditStart: toShared(columns.creditStart),
      creditRow: toShared(columns.creditRow),
      creditParticipant: toShared(columns.creditParticipant),
      creditShare: toShared(columns.creditShare),
      participantDictionary: columns.participantDictionary,
      rowsByAccount: group(columns.rowsByAccount),
      creditsByParticipant: group(columns.creditsByParticipant),
      issues: [],
    },
    ids: withIds ? idsOf(columns) : null,
  };
  shared.set(columns, result);
  return result;
}

/**
 * Columns again over shared data (in a worker). `fingerprint` is what their fingerprint()
 * gives: a worker's runs are parts of a run the caller fingerprints, so none is computed here.
 */
export function openSharedFactColumns(data: SharedFactColumns, fingerprint: string): FactColumns {
  const makeIds = () => {
    if (!data.ids) throw new Error(IDS_NOT_SENT);
    const { joined, ends } = data.ids;
    const ids = new Array<string>(ends.length);
    let start = 0;
    for (let i = 0; i < ends.length; i++) {
      const end = ends[i] as number;
      ids[i] = joined.slice(start, end);
      start = end;
    }
    return ids;
  };
  return createColumns(
    {
      ...data.data,
      ids: [],
      attributes: new Map(data.data.attributes),
      rowsByKind: byKind(data.data.kinds, data.data.kindDictionary.length),
    },
    fingerprint,
    makeIds,
  );
}

/** The ids as one string (copied per worker, a memcpy) and where each ends. */
function idsOf(columns: FactColumns): { joined: string; ends: Int32Array } {
  const ends = toShared(new Int32Array(columns.size));
  let units = 0;
  for (let i = 0; i < columns.size; i++) {
    units += (columns.ids[i] as string).length;
    ends[i] = units;
  }
  return { joined: columns.ids.join(''), ends };
}

/** The same values over a SharedArrayBuffer (the array itself when it is shared already). */
function toShared<T extends Int32Array | Float64Array | Int8Array>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const Type = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Type(new SharedArrayBuffer(array.byteLength));
  copy.set(array as never);
  return copy;
}

// One loop per array type: a shared loop over several types would be slow (megamorphic).
function gatherInt32(source: Int32Array, rows: Int32Array): Int32Array {
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = source[rows[i] as number] as number;
  return out;
}

function gatherFloat64(source: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = source[rows[i] as number] as number;
  return out;
}

function gatherInt8(source: Int8Array, rows: Int32Array): Int8Array {
  const out = new Int8Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = source[rows[i] as number] as number;
  return out;
}

function byKind(kinds: Int32Array, count: number): Int32Array[] {
  const index: GroupIndex = groupBy(kinds, count);
  return Array.from({ length: count }, (_, k) => index.items.subarray(index.start[k], index.start[k + 1]));
}
