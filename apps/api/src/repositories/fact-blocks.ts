/**
 * The columnar block layout of stored facts (docs/storage.md): up to BLOCK_ROWS facts of one kind
 * and one month in one immutable document, each field a BSON Binary typed column, packed
 * (packed-columns.ts). FerretDB's cost is per document, per BSON value and per byte, so a block
 * holds few values, each a whole column, in as few bytes as the column needs; a fact per document
 * reads at a few thousand a second, a block at hundreds of thousands of facts a second.
 */
import { hash } from 'node:crypto';
import { endianness } from 'node:os';
import { Dictionary, formatDay, parseDay } from '@attain/engine';
import type { Binary } from 'mongodb';
import { type FactKind, factFields } from '../facts/fact-kinds.js';
import type { Attributes } from './attributes.js';
import type { Credit, Fact, FactValue } from './facts.js';
import {
  isPacked,
  packFloat64,
  packInt8,
  packInt32,
  packInt64,
  packRawBytes,
  packStrings,
  unpackFloat64,
  unpackInt8,
  unpackInt32,
  unpackInt64,
  unpackRawBytes,
  unpackStrings,
} from './packed-columns.js';

/** Most facts in one block: about 140 KB a block for orders, far below MongoDB's 16 MB. */
export const BLOCK_ROWS = 4_096;

/**
 * The layout version written into new blocks. Layout 2 packs every column (packed-columns.ts);
 * layout 1 (raw typed columns, string lists as arrays) is still read, and compaction rewrites it.
 */
export const BLOCK_FORMAT = 2;

/** The layouts this version reads. */
const READABLE_FORMATS: readonly number[] = [1, 2];

/** Bytes of the per-row content hash that tells an unchanged re-sent fact from a changed one. */
export const ROW_HASH_BYTES = 16;

// Typed columns are written in the machine's byte order; every platform Node runs on in practice
// is little-endian, and the layout says so (docs/storage.md).
if (endianness() !== 'LE')
  throw new Error('Attain stores fact blocks little-endian; this machine is big-endian');

/**
 * A kind field as a typed column: money Int64 minor units, strings dictionary codes (-1 absent).
 * In layout 2 every Binary is packed and a dictionary is a packed list; in layout 1 a Binary
 * holds raw little-endian values and a dictionary is an array.
 */
export type FieldColumnDocument =
  | { type: 'money'; values: Binary }
  | { type: 'number'; values: Binary }
  | { type: 'boolean'; values: Binary }
  | { type: 'string'; codes: Binary; dictionary: Binary | string[] };

/** A list of strings as stored: packed in layout 2, an array in layout 1. */
type StoredStrings = Binary | string[];

/** One stored block: small header fields to filter on, then the columns. */
export interface FactBlockDocument {
  _id: string;
  format: number;
  kind: FactKind;
  /** 'YYYY-MM' of every row. */
  month: string;
  /** Inclusive day range of the rows, 'YYYY-MM-DD'. */
  firstDay: string;
  lastDay: string;
  rows: number;
  /** The manifest generation that wrote the block. */
  generation: number;
  /** The rows' ids: a packed list (layout 2), or UTF-8 back to back ending at `idEnds` (layout 1). */
  ids: Binary;
  idEnds?: Binary;
  /** ROW_HASH_BYTES of sha256 of each row's canonical text. */
  hashes: Binary;
  /** Int32 engine day numbers, ascending. */
  days: Binary;
  accounts: Binary;
  accountDictionary: StoredStrings;
  /** Int32 codes, -1 for a kind without money. */
  currencies: Binary;
  currencyDictionary: StoredStrings;
  /** Int32 number of credits of each row (layout 2). */
  creditCounts?: Binary;
  /** Int32 end of each row's credits in the credit columns (layout 1). */
  creditEnds?: Binary;
  creditParticipants: Binary;
  participantDictionary: StoredStrings;
  creditShares: Binary;
  /** Int32 codes into the canonical JSON of each distinct attributes object. */
  attributes: Binary;
  attributeDictionary: StoredStrings;
  fields: Record<string, FieldColumnDocument>;
}

/** A block decoded into typed arrays (what readers and the engine use); rows in (day, id) order. */
export interface DecodedBlock {
  id: string;
  kind: FactKind;
  rows: number;
  ids: string[];
  hashes: Uint8Array;
  days: Int32Array;
  accounts: Int32Array;
  accountDictionary: string[];
  currencies: Int32Array;
  currencyDictionary: string[];
  creditEnds: Int32Array;
  creditParticipants: Int32Array;
  participantDictionary: string[];
  creditShares: Float64Array;
  attributes: Int32Array;
  attributeDictionary: string[];
  fields: Map<string, DecodedField>;
}

export type DecodedField =
  | { type: 'money'; values: BigInt64Array }
  | { type: 'number'; values: Float64Array }
  | { type: 'boolean'; values: Int8Array }
  | { type: 'string'; codes: Int32Array; dictionary: string[] };

/** The text a row's hash is taken of: every stored field in a fixed order. */
export function canonicalFactText(fact: Fact): string {
  const values: FactValue[] = [];
  for (const name of Object.keys(factFields(fact.kind))) values.push(fact.values[name] ?? null!);
  return JSON.stringify([
    fact.id,
    fact.kind,
    fact.date,
    fact.accountId,
    fact.currency,
    fact.credits.map(({ participantId, share }) => [participantId, share]),
    values,
    fact.attributes,
  ]);
}

/** The content hash of a fact as stored: equal hashes mean an unchanged re-send. */
export function factHash(fact: Fact): Buffer {
  return hash('sha256', canonicalFactText(fact), 'buffer').subarray(0, ROW_HASH_BYTES);
}

/** 'YYYY-MM' of an ISO day. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/**
 * Encodes facts of one kind and month (at most BLOCK_ROWS, sorted by date then id) as a block.
 * `hashes` are the rows' factHash values, computed by the caller that compared them already.
 */
export function encodeBlock(
  id: string,
  generation: number,
  facts: readonly Fact[],
  hashes: readonly Buffer[],
): FactBlockDocument {
  const first = facts[0];
  if (!first || facts.length > BLOCK_ROWS) throw new RangeError(`a block holds 1..${BLOCK_ROWS} facts`);
  const rows = facts.length;
  const kind = first.kind;
  const days = new Int32Array(rows);
  const accounts = new Codes(rows);
  const currencies = new Codes(rows);
  const attributes = new Codes(rows);
  const creditCounts = new Int32Array(rows);
  const participants = new Dictionary();
  const creditParticipants: number[] = [];
  const creditShares: number[] = [];
  const specs = Object.entries(factFields(kind));
  const fieldColumns = specs.map(([name, { spec }]) => ({
    name,
    type: spec.type,
    column: newFieldColumn(spec.type, rows),
  }));
  facts.forEach((fact, row) => {
    if (fact.kind !== kind || monthOf(fact.date) !== monthOf(first.date)) {
      throw new RangeError('a block holds facts of one kind and one month');
    }
    days[row] = parseDay(fact.date)!;
    accounts.set(row, fact.accountId);
    if (fact.currency === null) currencies.codes[row] = -1;
    else currencies.set(row, fact.currency);
    attributes.set(row, JSON.stringify(fact.attributes));
    for (const credit of fact.credits) {
      creditParticipants.push(participants.encode(credit.participantId));
      creditShares.push(credit.share);
    }
    creditCounts[row] = fact.credits.length;
    for (const { name, column } of fieldColumns) setField(column, row, fact.values[name]);
  });
  const fields: Record<string, FieldColumnDocument> = {};
  for (const { name, column } of fieldColumns) fields[name] = fieldDocument(column);
  return {
    _id: id,
    format: BLOCK_FORMAT,
    kind,
    month: monthOf(first.date),
    firstDay: first.date,
    lastDay: facts[rows - 1]!.date,
    rows,
    generation,
    ids: packStrings(facts.map((fact) => fact.id)),
    hashes: packRawBytes(Buffer.concat(hashes as Buffer[])),
    days: packInt32(days),
    accounts: packInt32(accounts.codes),
    accountDictionary: packStrings(accounts.dictionary.values),
    currencies: packInt32(currencies.codes),
    currencyDictionary: packStrings(currencies.dictionary.values),
    creditCounts: packInt32(creditCounts),
    creditParticipants: packInt32(Int32Array.from(creditParticipants)),
    participantDictionary: packStrings(participants.values),
    creditShares: packFloat64(Float64Array.from(creditShares)),
    attributes: packInt32(attributes.codes),
    attributeDictionary: packStrings(attributes.dictionary.values),
    fields,
  };
}

/** Decodes a stored block's columns (only the named kind fields when `fields` is given). */
export function decodeBlock(document: FactBlockDocument, fields?: ReadonlySet<string>): DecodedBlock {
  checkFormat(document);
  const rows = document.rows;
  const decodedFields = new Map<string, DecodedField>();
  for (const [name, column] of Object.entries(document.fields ?? {})) {
    if (fields && !fields.has(name)) continue;
    if (column.type === 'string') {
      decodedFields.set(name, {
        type: 'string',
        codes: int32(column.codes),
        dictionary: strings(column.dictionary),
      });
    } else if (column.type === 'money') {
      decodedFields.set(name, { type: 'money', values: int64(column.values) });
    } else if (column.type === 'number') {
      decodedFields.set(name, { type: 'number', values: float64(column.values) });
    } else {
      decodedFields.set(name, { type: 'boolean', values: int8(column.values) });
    }
  }
  return {
    id: document._id,
    kind: document.kind,
    rows,
    ids: decodeIds(document),
    hashes: hashesOf(document.hashes),
    days: int32(document.days),
    accounts: int32(document.accounts),
    accountDictionary: strings(document.accountDictionary),
    currencies: int32(document.currencies),
    currencyDictionary: strings(document.currencyDictionary),
    creditEnds: decodeCreditEnds(document),
    creditParticipants: int32(document.creditParticipants),
    participantDictionary: strings(document.participantDictionary),
    creditShares: float64(document.creditShares),
    attributes: int32(document.attributes),
    attributeDictionary: strings(document.attributeDictionary),
    fields: decodedFields,
  };
}

/** The columns that locate a block's rows by id (ids, hashes, days, accounts), nothing else decoded. */
export function decodeKeyColumns(
  document: Pick<
    FactBlockDocument,
    | '_id'
    | 'format'
    | 'kind'
    | 'rows'
    | 'ids'
    | 'idEnds'
    | 'hashes'
    | 'days'
    | 'accounts'
    | 'accountDictionary'
  >,
): Pick<DecodedBlock, 'id' | 'kind' | 'rows' | 'ids' | 'hashes' | 'days' | 'accounts' | 'accountDictionary'> {
  checkFormat(document);
  return {
    id: document._id,
    kind: document.kind,
    rows: document.rows,
    ids: decodeIds(document),
    hashes: hashesOf(document.hashes),
    days: int32(document.days),
    accounts: int32(document.accounts),
    accountDictionary: strings(document.accountDictionary),
  };
}

/** Row `row` of a decoded block as a stored fact (the kind fields that were decoded). */
export function factAt(block: DecodedBlock, row: number, parsedAttributes?: Attributes[]): Fact {
  const values: Record<string, FactValue> = {};
  for (const [name, column] of block.fields) {
    const value = fieldValue(column, row);
    if (value !== undefined) values[name] = value;
  }
  const creditFrom = row === 0 ? 0 : block.creditEnds[row - 1]!;
  const credits: Credit[] = [];
  for (let at = creditFrom; at < block.creditEnds[row]!; at++) {
    credits.push({
      participantId: block.participantDictionary[block.creditParticipants[at]!]!,
      share: block.creditShares[at]!,
    });
  }
  const currency = block.currencies[row]!;
  const attributeCode = block.attributes[row]!;
  return {
    id: block.ids[row]!,
    kind: block.kind,
    date: formatDay(block.days[row]!),
    accountId: block.accountDictionary[block.accounts[row]!]!,
    currency: currency < 0 ? null : block.currencyDictionary[currency]!,
    credits,
    values,
    attributes:
      parsedAttributes?.[attributeCode] ??
      (JSON.parse(block.attributeDictionary[attributeCode]!) as Attributes),
  };
}

/** The value of a field column at a row; undefined when the row has none. */
export function fieldValue(column: DecodedField, row: number): FactValue | undefined {
  if (column.type === 'string') {
    const code = column.codes[row]!;
    return code < 0 ? undefined : column.dictionary[code];
  }
  if (column.type === 'boolean') {
    const value = column.values[row]!;
    return value < 0 ? undefined : value === 1;
  }
  if (column.type === 'money') return Number(column.values[row]!);
  const value = column.values[row]!;
  return Number.isNaN(value) ? undefined : value;
}

class Codes {
  readonly codes: Int32Array;
  readonly dictionary = new Dictionary();

  constructor(rows: number) {
    this.codes = new Int32Array(rows);
  }

  set(row: number, value: string): void {
    this.codes[row] = this.dictionary.encode(value);
  }
}

type PendingField =
  | { type: 'money'; values: BigInt64Array }
  | { type: 'number'; values: Float64Array }
  | { type: 'boolean'; values: Int8Array }
  | { type: 'string'; codes: Codes };

function newFieldColumn(type: 'money' | 'number' | 'boolean' | 'string', rows: number): PendingField {
  if (type === 'money') return { type, values: new BigInt64Array(rows) };
  if (type === 'number') return { type, values: new Float64Array(rows).fill(Number.NaN) };
  if (type === 'boolean') return { type, values: new Int8Array(rows).fill(-1) };
  const codes = new Codes(rows);
  codes.codes.fill(-1);
  return { type, codes };
}

function setField(column: PendingField, row: number, value: FactValue | undefined): void {
  if (value === undefined) return;
  if (column.type === 'money') column.values[row] = BigInt(value as number);
  else if (column.type === 'number') column.values[row] = value as number;
  else if (column.type === 'boolean') column.values[row] = value ? 1 : 0;
  else column.codes.set(row, value as string);
}

function fieldDocument(column: PendingField): FieldColumnDocument {
  if (column.type === 'string') {
    return {
      type: 'string',
      codes: packInt32(column.codes.codes),
      dictionary: packStrings(column.codes.dictionary.values),
    };
  }
  if (column.type === 'money') return { type: 'money', values: packInt64(column.values) };
  if (column.type === 'number') return { type: 'number', values: packFloat64(column.values) };
  return { type: 'boolean', values: packInt8(column.values) };
}

function bytesOf(value: Binary): Uint8Array {
  return value.buffer.subarray(0, value.length());
}

type TypedConstructor<T> = {
  new (buffer: ArrayBuffer, offset: number, length: number): T;
  BYTES_PER_ELEMENT: number;
};

/** A typed view of a Binary's bytes; copied first when they are not aligned for the type. */
function typed<T>(value: Binary, Type: TypedConstructor<T>): T {
  let bytes = bytesOf(value);
  if (bytes.byteOffset % Type.BYTES_PER_ELEMENT !== 0) bytes = new Uint8Array(bytes);
  return new Type(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength / Type.BYTES_PER_ELEMENT);
}

function checkFormat(document: Pick<FactBlockDocument, '_id' | 'format'>): void {
  if (!READABLE_FORMATS.includes(document.format)) {
    throw new Error(
      `fact block ${document._id} has layout ${document.format}; this version reads layouts ${READABLE_FORMATS.join(' and ')}`,
    );
  }
}

/** The row hashes; empty when the reader's projection left them out. */
function hashesOf(value: Binary | undefined): Uint8Array {
  if (!value) return new Uint8Array(0);
  return isPacked(value) ? unpackRawBytes(value) : bytesOf(value);
}

// Each reader takes a packed column (layout 2) or raw little-endian values (layout 1).
function int32(value: Binary): Int32Array {
  return isPacked(value) ? unpackInt32(value) : typed(value, Int32Array);
}

function int64(value: Binary): BigInt64Array {
  return isPacked(value) ? unpackInt64(value) : typed(value, BigInt64Array);
}

function float64(value: Binary): Float64Array {
  return isPacked(value) ? unpackFloat64(value) : typed(value, Float64Array);
}

function int8(value: Binary): Int8Array {
  return isPacked(value) ? unpackInt8(value) : typed(value, Int8Array);
}

function strings(value: StoredStrings): string[] {
  return Array.isArray(value) ? value : unpackStrings(value);
}

/** Where each row's credits end: from the counts of layout 2, or as stored in layout 1. */
function decodeCreditEnds(document: FactBlockDocument): Int32Array {
  if (!document.creditCounts) return int32(document.creditEnds!);
  const ends = int32(document.creditCounts);
  for (let row = 1; row < ends.length; row++) ends[row]! += ends[row - 1]!;
  return ends;
}

function decodeIds(document: Pick<FactBlockDocument, 'ids' | 'idEnds'>): string[] {
  if (isPacked(document.ids)) return unpackStrings(document.ids);
  const ends = int32(document.idEnds!);
  const bytes = bytesOf(document.ids);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ids = new Array<string>(ends.length);
  // Ids are usually ASCII, where byte offsets are string offsets: one decode, then slices.
  let ascii = true;
  for (let at = 0; at < text.length && ascii; at++) ascii = text[at]! < 0x80;
  if (ascii) {
    const all = text.toString('latin1');
    let start = 0;
    for (let row = 0; row < ends.length; row++) {
      ids[row] = all.slice(start, ends[row]);
      start = ends[row]!;
    }
    return ids;
  }
  let start = 0;
  for (let row = 0; row < ends.length; row++) {
    ids[row] = text.toString('utf8', start, ends[row]);
    start = ends[row]!;
  }
  return ids;
}
