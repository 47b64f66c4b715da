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
  ColumnSet,
  type ColumnValues,
  isPacked,
  packColumnSet,
  packRawBytes,
  unpackRawBytes,
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

/** The type of a kind field's column (src/facts/fact-kinds.ts). */
export type FieldType = 'money' | 'number' | 'boolean' | 'string';

/** What every stored block has: small header fields to filter on, and the row hashes. */
interface BlockHeader {
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
  /** ROW_HASH_BYTES of sha256 of each row's canonical text. */
  hashes: Binary;
}

/**
 * Layout 2: every column in one packed column set (packed-columns.ts), under the names ids, days,
 * accounts, accountDictionary, currencies, currencyDictionary, creditCounts, creditParticipants,
 * participantDictionary, creditShares, attributes, attributeDictionary, and `field:<name>` (plus
 * `field:<name>:dictionary` for a string field) for each kind field, whose type `fieldTypes` gives.
 */
export interface PackedBlockDocument extends BlockHeader {
  format: 2;
  fieldTypes: Record<string, FieldType>;
  columns: Binary;
}

/** A kind field of layout 1: raw little-endian values, strings as Int32 codes and an array. */
export type Layout1FieldColumn =
  | { type: 'money'; values: Binary }
  | { type: 'number'; values: Binary }
  | { type: 'boolean'; values: Binary }
  | { type: 'string'; codes: Binary; dictionary: string[] };

/** Layout 1, written before packed columns: each column a raw Binary, string lists as arrays. */
export interface Layout1BlockDocument extends BlockHeader {
  format: 1;
  /** UTF-8 ids back to back; `idEnds[r]` is where row r's id ends. */
  ids: Binary;
  idEnds: Binary;
  days: Binary;
  accounts: Binary;
  accountDictionary: string[];
  currencies: Binary;
  currencyDictionary: string[];
  creditEnds: Binary;
  creditParticipants: Binary;
  participantDictionary: string[];
  creditShares: Binary;
  attributes: Binary;
  attributeDictionary: string[];
  fields: Record<string, Layout1FieldColumn>;
}

/** A stored block, in either layout. */
export type FactBlockDocument = PackedBlockDocument | Layout1BlockDocument;

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
): PackedBlockDocument {
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
  const fieldTypes: Record<string, FieldType> = {};
  const columns: [string, ColumnValues][] = [
    ['ids', facts.map((fact) => fact.id)],
    ['days', days],
    ['accounts', accounts.codes],
    ['accountDictionary', accounts.dictionary.values],
    ['currencies', currencies.codes],
    ['currencyDictionary', currencies.dictionary.values],
    ['creditCounts', creditCounts],
    ['creditParticipants', Int32Array.from(creditParticipants)],
    ['participantDictionary', participants.values],
    ['creditShares', Float64Array.from(creditShares)],
    ['attributes', attributes.codes],
    ['attributeDictionary', attributes.dictionary.values],
  ];
  for (const { name, type, column } of fieldColumns) {
    fieldTypes[name] = type;
    if (column.type === 'string') {
      columns.push(
        [`field:${name}`, column.codes.codes],
        [`field:${name}:dictionary`, column.codes.dictionary.values],
      );
    } else columns.push([`field:${name}`, column.values]);
  }
  return {
    _id: id,
    format: BLOCK_FORMAT,
    kind,
    month: monthOf(first.date),
    firstDay: first.date,
    lastDay: facts[rows - 1]!.date,
    rows,
    generation,
    hashes: packRawBytes(Buffer.concat(hashes as Buffer[])),
    fieldTypes,
    columns: packColumnSet(columns),
  };
}

/** Decodes a stored block's columns (only the named kind fields when `fields` is given). */
export function decodeBlock(document: FactBlockDocument, fields?: ReadonlySet<string>): DecodedBlock {
  checkFormat(document);
  return document.format === 2 ? decodePacked(document, fields) : decodeLayout1(document, fields);
}

/** The columns that locate a block's rows by id (ids, hashes, days, accounts). */
export function decodeKeyColumns(
  document: FactBlockDocument,
): Pick<DecodedBlock, 'id' | 'kind' | 'rows' | 'ids' | 'hashes' | 'days' | 'accounts' | 'accountDictionary'> {
  checkFormat(document);
  const key = {
    id: document._id,
    kind: document.kind,
    rows: document.rows,
    hashes: hashesOf(document.hashes),
  };
  if (document.format === 1) {
    return {
      ...key,
      ids: decodeLayout1Ids(document.ids, typed(document.idEnds, Int32Array)),
      days: typed(document.days, Int32Array),
      accounts: typed(document.accounts, Int32Array),
      accountDictionary: document.accountDictionary,
    };
  }
  const columns = new ColumnSet(document.columns);
  return {
    ...key,
    ids: columns.strings('ids'),
    days: columns.int32('days'),
    accounts: columns.int32('accounts'),
    accountDictionary: columns.strings('accountDictionary'),
  };
}

function decodePacked(document: PackedBlockDocument, fields?: ReadonlySet<string>): DecodedBlock {
  const columns = new ColumnSet(document.columns);
  const decodedFields = new Map<string, DecodedField>();
  for (const [name, type] of Object.entries(document.fieldTypes)) {
    if (fields && !fields.has(name)) continue;
    const column = `field:${name}`;
    if (type === 'string') {
      decodedFields.set(name, {
        type,
        codes: columns.int32(column),
        dictionary: columns.strings(`${column}:dictionary`),
      });
    } else if (type === 'money') decodedFields.set(name, { type, values: columns.int64(column) });
    else if (type === 'number') decodedFields.set(name, { type, values: columns.float64(column) });
    else decodedFields.set(name, { type, values: columns.int8(column) });
  }
  const creditEnds = columns.int32('creditCounts');
  for (let row = 1; row < creditEnds.length; row++) creditEnds[row]! += creditEnds[row - 1]!;
  return {
    id: document._id,
    kind: document.kind,
    rows: document.rows,
    ids: columns.strings('ids'),
    hashes: hashesOf(document.hashes),
    days: columns.int32('days'),
    accounts: columns.int32('accounts'),
    accountDictionary: columns.strings('accountDictionary'),
    currencies: columns.int32('currencies'),
    currencyDictionary: columns.strings('currencyDictionary'),
    creditEnds,
    creditParticipants: columns.int32('creditParticipants'),
    participantDictionary: columns.strings('participantDictionary'),
    creditShares: columns.float64('creditShares'),
    attributes: columns.int32('attributes'),
    attributeDictionary: columns.strings('attributeDictionary'),
    fields: decodedFields,
  };
}

function decodeLayout1(document: Layout1BlockDocument, fields?: ReadonlySet<string>): DecodedBlock {
  const decodedFields = new Map<string, DecodedField>();
  for (const [name, column] of Object.entries(document.fields ?? {})) {
    if (fields && !fields.has(name)) continue;
    if (column.type === 'string') {
      decodedFields.set(name, {
        type: 'string',
        codes: typed(column.codes, Int32Array),
        dictionary: column.dictionary,
      });
    } else if (column.type === 'money') {
      decodedFields.set(name, { type: 'money', values: typed(column.values, BigInt64Array) });
    } else if (column.type === 'number') {
      decodedFields.set(name, { type: 'number', values: typed(column.values, Float64Array) });
    } else {
      decodedFields.set(name, { type: 'boolean', values: typed(column.values, Int8Array) });
    }
  }
  return {
    id: document._id,
    kind: document.kind,
    rows: document.rows,
    ids: decodeLayout1Ids(document.ids, typed(document.idEnds, Int32Array)),
    hashes: hashesOf(document.hashes),
    days: typed(document.days, Int32Array),
    accounts: typed(document.accounts, Int32Array),
    accountDictionary: document.accountDictionary,
    currencies: typed(document.currencies, Int32Array),
    currencyDictionary: document.currencyDictionary,
    creditEnds: typed(document.creditEnds, Int32Array),
    creditParticipants: typed(document.creditParticipants, Int32Array),
    participantDictionary: document.participantDictionary,
    creditShares: typed(document.creditShares, Float64Array),
    attributes: typed(document.attributes, Int32Array),
    attributeDictionary: document.attributeDictionary,
    fields: decodedFields,
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

/** Layout 1's ids: UTF-8 back to back, row r's ending at `ends[r]`. */
function decodeLayout1Ids(value: Binary, ends: Int32Array): string[] {
  const bytes = bytesOf(value);
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
