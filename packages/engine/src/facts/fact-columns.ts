/**
 * Facts in columns: one typed array per numeric field, dictionary codes for strings, rows sorted
 * by (date, id), and the indexes every measure needs (by kind, by account, by credited
 * participant) built once. Measures then read only the rows they need, never objects.
 */
import { createHash } from 'node:crypto';
import type { IncomingFact } from '../model/fact.js';
import { parseDay } from '../periods/day.js';
import { Dictionary, Growable } from './growable.js';

/** A problem with one incoming fact; the fact is skipped or the field ignored, as the code says. */
export interface FactIssue {
  code: 'invalid-fact' | 'invalid-date' | 'field-type' | 'credit-shares' | 'duplicate-id';
  factId: string;
  message: string;
}

/** A string attribute: per-row codes into `dictionary`, -1 when the fact has no value. */
export interface StringColumn {
  type: 'string';
  codes: Int32Array;
  dictionary: readonly string[];
}

/** A numeric attribute (money fields in minor units of the row's currency), NaN when absent. */
export interface NumberColumn {
  type: 'number';
  values: Float64Array;
}

/** A boolean attribute: 1 true, 0 false, -1 absent. */
export interface BooleanColumn {
  type: 'boolean';
  values: Int8Array;
}

export type AttributeColumn = StringColumn | NumberColumn | BooleanColumn;

/** Compressed rows: the items of group `g` are `items[start[g] .. start[g + 1])`. */
export interface GroupIndex {
  start: Int32Array;
  items: Int32Array;
}

/** The loaded facts, immutable once built. */
export interface FactColumns {
  /** Number of facts (rows). */
  readonly size: number;
  readonly ids: readonly string[];
  /** Day numbers, ascending. */
  readonly dates: Int32Array;
  readonly kinds: Int32Array;
  readonly kindDictionary: readonly string[];
  readonly accounts: Int32Array;
  readonly accountDictionary: readonly string[];
  /** -1 when the fact has no currency. */
  readonly currencies: Int32Array;
  readonly currencyDictionary: readonly string[];
  /** Kind-specific fields by name. */
  readonly attributes: ReadonlyMap<string, AttributeColumn>;
  /** Credits of row r are entries `creditStart[r] .. creditStart[r + 1]`. */
  readonly creditStart: Int32Array;
  readonly creditRow: Int32Array;
  readonly creditParticipant: Int32Array;
  readonly creditShare: Float64Array;
  readonly participantDictionary: readonly string[];
  /** Rows of each kind code, ascending (so in date order). */
  readonly rowsByKind: readonly Int32Array[];
  /** Rows of each account code, in date order. */
  readonly rowsByAccount: GroupIndex;
  /** Credit entries of each participant code, in date order. */
  readonly creditsByParticipant: GroupIndex;
  /** Facts that were skipped or partly ignored while building. */
  readonly issues: readonly FactIssue[];
  /** Code of an account id, -1 when no fact is on that account. */
  accountCode(accountId: string): number;
  /** Code of a participant id, -1 when no fact credits them. */
  participantCode(participantId: string): number;
  /** Code of a fact kind, -1 when no fact has it. */
  kindCode(kind: string): number;
  /** Row of a fact id among the facts of a kind, -1 when absent (an index per kind, built on first use). */
  rowOf(factId: string, kind: string): number;
  /** sha256 of the facts in canonical (date, id) order; computed once. */
  fingerprint(): string;
}

/** A kind field of a FactBatch: numbers (NaN absent; money as int64 minor units), booleans (-1 absent), dictionary codes (-1 absent). */
export type FactBatchField =
  | { type: 'number'; values: Float64Array | BigInt64Array }
  | { type: 'boolean'; values: Int8Array }
  | { type: 'string'; codes: Int32Array; dictionary: readonly string[] };

/**
 * Facts of one kind that are already in columns (a stored block): the builder appends them
 * without a per-fact object. Credits of row r are entries `creditEnds[r - 1] .. creditEnds[r]`.
 */
export interface FactBatch {
  kind: string;
  /** The rows to take, ascending. */
  rows: Int32Array;
  ids: readonly string[];
  /** Day numbers (as parseDay gives them). */
  days: Int32Array;
  accounts: Int32Array;
  accountDictionary: readonly string[];
  /** -1 when the fact has no currency. */
  currencies: Int32Array;
  currencyDictionary: readonly string[];
  creditEnds: Int32Array;
  creditParticipants: Int32Array;
  participantDictionary: readonly string[];
  creditShares: Float64Array;
  /** Kind fields by name; they win over an attribute of the same name, as in an IncomingFact. */
  fields: ReadonlyMap<string, FactBatchField>;
  /** Per-row codes into `attributeDictionary`, the distinct attribute objects of the batch. */
  attributes: Int32Array;
  attributeDictionary: readonly Readonly<Record<string, unknown>>[];
}

/** Takes facts one at a time (e.g. from a database cursor) and builds the columns once. */
export interface FactColumnsBuilder {
  add(fact: IncomingFact): void;
  /** Appends the chosen rows of a columnar batch; the same columns as `add` of each fact would give. */
  addBatch(batch: FactBatch): void;
  build(): FactColumns;
}

const BASE_FIELDS = new Set(['id', '_id', 'kind', 'date', 'accountId', 'currency', 'credits']);

interface PendingColumn {
  type: AttributeColumn['type'];
  data: Growable<Float64Array> | Growable<Int32Array> | Growable<Int8Array>;
  dictionary?: Dictionary;
}

/** Starts an empty builder. */
export function createFactColumnsBuilder(): FactColumnsBuilder {
  const ids: string[] = [];
  const dates = new Growable(Int32Array, 0);
  const kinds = new Growable(Int32Array, 0);
  const accounts = new Growable(Int32Array, 0);
  const currencies = new Growable(Int32Array, -1);
  const creditCount = new Growable(Int32Array, 0);
  const creditParticipant = new Growable(Int32Array, 0);
  const creditShare = new Growable(Float64Array, 0);
  const kindDictionary = new Dictionary();
  const accountDictionary = new Dictionary();
  const currencyDictionary = new Dictionary();
  const participantDictionary = new Dictionary();
  const columns = new Map<string, PendingColumn>();
  const dayCache = new Map<string, number | null>();
  const issues: FactIssue[] = [];
  let built = false;

  function dayOf(text: string): number | null {
    let day = dayCache.get(text);
    if (day === undefined) {
      day = parseDay(text);
      dayCache.set(text, day);
    }
    return day;
  }

  function columnFor(field: string, value: unknown, factId: string): PendingColumn | null {
    const type = typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
    let column = columns.get(field);
    if (!column) {
      column =
        type === 'number'
          ? { type, data: new Growable(Float64Array, Number.NaN) }
          : type === 'boolean'
            ? { type, data: new Growable(Int8Array, -1) }
            : { type, data: new Growable(Int32Array, -1), dictionary: new Dictionary() };
      columns.set(field, column);
    }
    if (column.type !== type) {
      issues.push({
        code: 'field-type',
        factId,
        message: `Fact '${factId}': field '${field}' is a ${type} here but a ${column.type} elsewhere; the value is ignored.`,
      });
      return null;
    }
    return column;
  }

  return {
    add(fact) {
      if (built) throw new Error('createFactColumnsBuilder: add() after build()');
      const record = fact as Record<string, unknown>;
      const id = record.id;
      const factId = typeof id === 'string' ? id : String(id);
      if (typeof id !== 'string' || typeof record.kind !== 'string' || typeof record.accountId !== 'string') {
        issues.push({
          code: 'invalid-fact',
          factId,
          message: `Fact '${factId}' needs a string id, kind and accountId; it is skipped.`,
        });
        return;
      }
      const day = typeof record.date === 'string' ? dayOf(record.date) : null;
      if (day === null) {
        issues.push({
          code: 'invalid-date',
          factId,
          message: `Fact '${factId}' has date ${JSON.stringify(record.date)}, not an ISO day like '2025-03-31'; it is skipped.`,
        });
        return;
      }
      const row = ids.length;
      ids.push(id);
      dates.push(day);
      kinds.push(kindDictionary.encode(record.kind));
      accounts.push(accountDictionary.encode(record.accountId));
      currencies.push(typeof record.currency === 'string' ? currencyDictionary.encode(record.currency) : -1);
      let credits = 0;
      if (Array.isArray(record.credits)) {
        let shareSum = 0;
        for (const credit of record.credits as unknown[]) {
          const c = credit as { participantId?: unknown; share?: unknown };
          if (typeof c.participantId !== 'string' || typeof c.share !== 'number' || !(c.share >= 0)) continue;
          creditParticipant.push(participantDictionary.encode(c.participantId));
          creditShare.push(c.share);
          shareSum += c.share;
          credits++;
        }
        if (credits > 0 && Math.abs(shareSum - 1) > 1e-9) {
          issues.push({
            code: 'credit-shares',
            factId,
            message: `Fact '${factId}': credit shares add up to ${shareSum}, not 1; they are scaled to add up to 1.`,
          });
        }
      }
      creditCount.push(credits);
      for (const field in record) {
        if (BASE_FIELDS.has(field)) continue;
        const value = record[field];
        if (value === null || value === undefined) continue;
        if (typeof value === 'number' && !Number.isFinite(value)) continue;
        if (typeof value === 'object' || typeof value === 'function') continue;
        const column = columnFor(field, value, factId);
        if (!column) continue;
        if (column.type === 'string') column.data.set(row, column.dictionary!.encode(String(value)));
        else if (column.type === 'boolean') column.data.set(row, value ? 1 : 0);
        else column.data.set(row, value as number);
      }
    },
    addBatch(batch) {
      if (built) throw new Error('createFactColumnsBuilder: addBatch() after build()');
      // Batch dictionaries map to the builder's lazily, so that a value no taken row uses is
      // not encoded (dictionaries are part of the columns and their fingerprint).
      const lazyCodes = (dictionary: readonly string[], target: Dictionary) => {
        const remap = new Int32Array(dictionary.length).fill(-1);
        return (code: number) => {
          let mapped = remap[code] as number;
          if (mapped < 0) {
            mapped = target.encode(dictionary[code] as string);
            remap[code] = mapped;
          }
          return mapped;
        };
      };
      const account = lazyCodes(batch.accountDictionary, accountDictionary);
      const currency = lazyCodes(batch.currencyDictionary, currencyDictionary);
      const participant = lazyCodes(batch.participantDictionary, participantDictionary);
      const kindCode = batch.rows.length > 0 ? kindDictionary.encode(batch.kind) : -1;
      // A field's column is found (or made) at its first value, as `add` does.
      const fields = [...batch.fields].map(([name, field]) => ({
        name,
        field,
        column: undefined as PendingColumn | null | undefined,
        codes: undefined as ((code: number) => number) | undefined,
      }));
      const valueAt = (field: FactBatchField, r: number): unknown =>
        field.type === 'string'
          ? field.dictionary[field.codes[r] as number]
          : field.type === 'boolean'
            ? field.values[r] === 1
            : Number(field.values[r]);
      const present = (field: FactBatchField, r: number) =>
        field.type === 'string'
          ? (field.codes[r] as number) >= 0
          : field.type === 'boolean'
            ? (field.values[r] as number) >= 0
            : field.values instanceof BigInt64Array || !Number.isNaN(field.values[r] as number);
      const attributeEntries = new Map<number, [string, unknown][]>();
      for (let i = 0; i < batch.rows.length; i++) {
        const r = batch.rows[i] as number;
        const id = batch.ids[r] as string;
        const row = ids.length;
        ids.push(id);
        dates.push(batch.days[r] as number);
        kinds.push(kindCode);
        accounts.push(account(batch.accounts[r] as number));
        const currencyCode = batch.currencies[r] as number;
        currencies.push(currencyCode < 0 ? -1 : currency(currencyCode));
        const creditFrom = r === 0 ? 0 : (batch.creditEnds[r - 1] as number);
        const creditTo = batch.creditEnds[r] as number;
        let credits = 0;
        let shareSum = 0;
        for (let e = creditFrom; e < creditTo; e++) {
          const share = batch.creditShares[e] as number;
          if (!(share >= 0)) continue;
          creditParticipant.push(participant(batch.creditParticipants[e] as number));
          creditShare.push(share);
          shareSum += share;
          credits++;
        }
        if (credits > 0 && Math.abs(shareSum - 1) > 1e-9) {
          issues.push({
            code: 'credit-shares',
            factId: id,
            message: `Fact '${id}': credit shares add up to ${shareSum}, not 1; they are scaled to add up to 1.`,
          });
        }
        creditCount.push(credits);
        const attributeCode = batch.attributes[r] as number;
        let entries = attributeEntries.get(attributeCode);
        if (!entries) {
          entries = Object.entries(batch.attributeDictionary[attributeCode] ?? {}).filter(
            ([field, value]) =>
              !BASE_FIELDS.has(field) &&
              value !== null &&
              value !== undefined &&
              !(typeof value === 'number' && !Number.isFinite(value)) &&
              typeof value !== 'object' &&
              typeof value !== 'function',
          );
          attributeEntries.set(attributeCode, entries);
        }
        for (const [field, value] of entries) {
          const own = batch.fields.get(field);
          if (own && present(own, r)) continue;
          const column = columnFor(field, value, id);
          if (!column) continue;
          if (column.type === 'string') column.data.set(row, column.dictionary!.encode(String(value)));
          else if (column.type === 'boolean') column.data.set(row, value ? 1 : 0);
          else column.data.set(row, value as number);
        }
        for (const entry of fields) {
          const { name, field } = entry;
          if (!present(field, r)) continue;
          if (!entry.column) {
            entry.column = columnFor(name, valueAt(field, r), id);
            if (!entry.column) continue;
            if (field.type === 'string') entry.codes = lazyCodes(field.dictionary, entry.column.dictionary!);
          }
          const column = entry.column;
          if (field.type === 'string') column.data.set(row, entry.codes!(field.codes[r] as number));
          else if (field.type === 'boolean') column.data.set(row, field.values[r] as number);
          else column.data.set(row, Number(field.values[r]));
        }
      }
    },
    build() {
      built = true;
      const order = withoutDuplicates(sortedOrder(ids, dates.toArray()), ids, issues);
      const size = order.length;
      const permute = <T extends Int32Array | Float64Array | Int8Array>(source: T): T => {
        const out = new (source.constructor as new (n: number) => T)(size);
        for (let i = 0; i < size; i++) out[i] = source[order[i] as number] as number;
        return out;
      };
      // Dictionaries are re-coded in sorted order so that the columns (and their fingerprint)
      // do not depend on the order the facts arrived in.
      const permuteCodes = (source: Int32Array, remap: Int32Array): Int32Array => {
        const out = new Int32Array(size);
        for (let i = 0; i < size; i++) {
          const code = source[order[i] as number] as number;
          out[i] = code < 0 ? code : (remap[code] as number);
        }
        return out;
      };
      const kindsSorted = sortDictionary(kindDictionary.values);
      const accountsSorted = sortDictionary(accountDictionary.values);
      const currenciesSorted = sortDictionary(currencyDictionary.values);
      const participantsSorted = sortDictionary(participantDictionary.values);
      const rawCounts = creditCount.toArray(ids.length);
      const rawStart = new Int32Array(ids.length + 1);
      for (let r = 0; r < ids.length; r++)
        rawStart[r + 1] = (rawStart[r] as number) + (rawCounts[r] as number);
      const rawParticipants = creditParticipant.toArray();
      const rawShares = creditShare.toArray();
      const creditStart = new Int32Array(size + 1);
      let entries = 0;
      for (let r = 0; r < size; r++) entries += rawCounts[order[r] as number] as number;
      const cParticipant = new Int32Array(entries);
      const cShare = new Float64Array(entries);
      const cRow = new Int32Array(entries);
      for (let r = 0; r < size; r++) {
        const source = order[r] as number;
        const from = rawStart[source] as number;
        const to = rawStart[source + 1] as number;
        let at = creditStart[r] as number;
        for (let e = from; e < to; e++, at++) {
          cParticipant[at] = participantsSorted.remap[rawParticipants[e] as number] as number;
          cShare[at] = rawShares[e] as number;
          cRow[at] = r;
        }
        creditStart[r + 1] = at;
      }
      const attributes = new Map<string, AttributeColumn>();
      for (const [field, column] of [...columns].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (column.type === 'string') {
          const sorted = sortDictionary(column.dictionary!.values);
          const codes = permuteCodes((column.data as Growable<Int32Array>).toArray(ids.length), sorted.remap);
          attributes.set(field, { type: 'string', codes, dictionary: sorted.values });
        } else if (column.type === 'boolean') {
          attributes.set(field, {
            type: 'boolean',
            values: permute((column.data as Growable<Int8Array>).toArray(ids.length)),
          });
        } else {
          attributes.set(field, {
            type: 'number',
            values: permute((column.data as Growable<Float64Array>).toArray(ids.length)),
          });
        }
      }
      const sortedIds = new Array<string>(size);
      for (let i = 0; i < size; i++) sortedIds[i] = ids[order[i] as number] as string;
      const kindCodes = permuteCodes(kinds.toArray(), kindsSorted.remap);
      const accountCodes = permuteCodes(accounts.toArray(), accountsSorted.remap);
      const rowsByKindIndex = groupBy(kindCodes, kindsSorted.values.length);
      const rowsByKind = kindsSorted.values.map((_, k) =>
        rowsByKindIndex.items.subarray(rowsByKindIndex.start[k], rowsByKindIndex.start[k + 1]),
      );
      return createColumns({
        size,
        ids: sortedIds,
        dates: permute(dates.toArray()),
        kinds: kindCodes,
        kindDictionary: kindsSorted.values,
        accounts: accountCodes,
        accountDictionary: accountsSorted.values,
        currencies: permuteCodes(currencies.toArray(), currenciesSorted.remap),
        currencyDictionary: currenciesSorted.values,
        attributes,
        creditStart,
        creditRow: cRow,
        creditParticipant: cParticipant,
        creditShare: cShare,
        participantDictionary: participantsSorted.values,
        rowsByKind,
        rowsByAccount: groupBy(accountCodes, accountsSorted.values.length),
        creditsByParticipant: groupBy(cParticipant, participantsSorted.values.length),
        issues,
      });
    },
  };
}

/** Builds columns from an array of facts. */
export function buildFactColumns(facts: Iterable<IncomingFact>): FactColumns {
  const builder = createFactColumnsBuilder();
  for (const fact of facts) builder.add(fact);
  return builder.build();
}

/** The data of FactColumns without its lookups: what slicing and moving columns between threads handle. */
export type ColumnData = Omit<
  FactColumns,
  'accountCode' | 'participantCode' | 'kindCode' | 'rowOf' | 'fingerprint'
>;

/**
 * Columns over ready data (built, sliced or received from another thread); `fingerprint` when
 * already known, `makeIds` to make the ids on first use instead of reading `data.ids`.
 */
export function createColumns(
  data: ColumnData,
  knownFingerprint?: string,
  makeIds?: () => readonly string[],
): FactColumns {
  const accountCodes = codeMap(data.accountDictionary);
  const participantCodes = codeMap(data.participantDictionary);
  const kindCodes = codeMap(data.kindDictionary);
  const rowsById = new Map<number, Map<string, number>>();
  let fingerprint = knownFingerprint;
  let ids = makeIds ? undefined : data.ids;
  // Every field listed in one order: all columns objects share one shape, so the measures' hot
  // loops see one shape whether the columns were built here, sliced or shared by another thread.
  const columns: FactColumns = {
    size: data.size,
    get ids() {
      ids ??= (makeIds as () => readonly string[])();
      return ids;
    },
    dates: data.dates,
    kinds: data.kinds,
    kindDictionary: data.kindDictionary,
    accounts: data.accounts,
    accountDictionary: data.accountDictionary,
    currencies: data.currencies,
    currencyDictionary: data.currencyDictionary,
    attributes: data.attributes,
    creditStart: data.creditStart,
    creditRow: data.creditRow,
    creditParticipant: data.creditParticipant,
    creditShare: data.creditShare,
    participantDictionary: data.participantDictionary,
    rowsByKind: data.rowsByKind,
    rowsByAccount: data.rowsByAccount,
    creditsByParticipant: data.creditsByParticipant,
    issues: data.issues,
    accountCode: (id) => accountCodes.get(id) ?? -1,
    participantCode: (id) => participantCodes.get(id) ?? -1,
    kindCode: (kind) => kindCodes.get(kind) ?? -1,
    rowOf(factId, kind) {
      const code = kindCodes.get(kind);
      if (code === undefined) return -1;
      let rows = rowsById.get(code);
      if (!rows) {
        rows = new Map();
        for (const row of data.rowsByKind[code] ?? []) rows.set(columns.ids[row] as string, row);
        rowsById.set(code, rows);
      }
      return rows.get(factId) ?? -1;
    },
    fingerprint() {
      fingerprint ??= fingerprintColumns(columns);
      return fingerprint;
    },
  };
  return columns;
}

function sortDictionary(values: readonly string[]): { values: string[]; remap: Int32Array } {
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const position = codeMap(sorted);
  const remap = new Int32Array(values.length);
  values.forEach((value, code) => {
    remap[code] = position.get(value) as number;
  });
  return { values: sorted, remap };
}

function codeMap(values: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (let code = 0; code < values.length; code++) map.set(values[code] as string, code);
  return map;
}

/** Row order by (date, id): a counting sort by day, then ids within a day when they are out of order. */
function sortedOrder(ids: readonly string[], dates: Int32Array): Int32Array {
  const size = ids.length;
  const order = new Int32Array(size);
  if (size === 0) return order;
  let min = dates[0] as number;
  let max = min;
  for (let i = 1; i < size; i++) {
    const d = dates[i] as number;
    if (d < min) min = d;
    else if (d > max) max = d;
  }
  const start = new Int32Array(max - min + 2);
  for (let i = 0; i < size; i++) start[(dates[i] as number) - min + 1]!++;
  for (let d = 1; d < start.length; d++) start[d]! += start[d - 1] as number;
  const cursor = start.slice();
  for (let i = 0; i < size; i++) order[cursor[(dates[i] as number) - min]!++] = i;
  const byId = (a: number, b: number) => {
    const x = ids[a] as string;
    const y = ids[b] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  for (let d = 0; d + 1 < start.length; d++) {
    const from = start[d] as number;
    const to = start[d + 1] as number;
    let sorted = true;
    for (let i = from + 1; i < to && sorted; i++)
      sorted = (ids[order[i - 1] as number] as string) < (ids[order[i] as number] as string);
    if (!sorted) order.subarray(from, to).sort(byId);
  }
  return order;
}

/**
 * Drops the second and later facts with an id already seen on the same day (the order is by
 * date, then id, so they are adjacent). A store's unique index keeps ids unique across days; a
 * global check here would cost as much as the rest of the build.
 */
function withoutDuplicates(order: Int32Array, ids: readonly string[], issues: FactIssue[]): Int32Array {
  let kept = 0;
  for (let i = 0; i < order.length; i++) {
    const row = order[i] as number;
    if (kept > 0 && ids[order[kept - 1] as number] === ids[row]) {
      issues.push({
        code: 'duplicate-id',
        factId: ids[row] as string,
        message: `Fact id '${ids[row]}' appears twice; the second one is skipped.`,
      });
      continue;
    }
    order[kept++] = row;
  }
  return kept === order.length ? order : order.slice(0, kept);
}

/** Groups positions 0..n by their code (a counting sort), keeping positions ascending within a group. */
export function groupBy(codes: Int32Array, groups: number): GroupIndex {
  const start = new Int32Array(groups + 1);
  for (let i = 0; i < codes.length; i++) start[(codes[i] as number) + 1]!++;
  for (let g = 1; g <= groups; g++) start[g]! += start[g - 1] as number;
  const cursor = start.slice();
  const items = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) items[cursor[codes[i] as number]!++] = i;
  return { start, items };
}

function fingerprintColumns(data: ColumnData): string {
  const hash = createHash('sha256');
  const bytes = (array: Int32Array | Float64Array | Int8Array) =>
    hash.update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  hash.update(`facts ${data.size}\n`);
  for (let i = 0; i < data.size; i += 10_000) hash.update(`${data.ids.slice(i, i + 10_000).join('\n')}\n`);
  bytes(data.dates);
  hash.update(JSON.stringify([data.kindDictionary, data.accountDictionary, data.currencyDictionary]));
  bytes(data.kinds);
  bytes(data.accounts);
  bytes(data.currencies);
  hash.update(JSON.stringify(data.participantDictionary));
  bytes(data.creditStart);
  bytes(data.creditParticipant);
  bytes(data.creditShare);
  for (const [field, column] of data.attributes) {
    hash.update(`\n${field} ${column.type}\n`);
    if (column.type === 'string') {
      hash.update(JSON.stringify(column.dictionary));
      bytes(column.codes);
    } else bytes(column.values);
  }
  return hash.digest('hex');
}
