/**
 * The columnar block layout of stored facts (docs/storage.md): up to BLOCK_ROWS facts of one kind
 * and one month in one immutable document, each field a BSON Binary typed column. FerretDB's cost
 * is per document and per BSON value, so one Binary of 4,096 Int32 days costs about what one
 * small field costs; a fact per document reads at a few thousand a second, a block at hundreds of
 * thousands of facts a second.
 */
import { hash } from 'node:crypto';
import { endianness } from 'node:os';
import { Dictionary, formatDay, parseDay } from '@attain/engine';
import { Binary } from 'mongodb';
import { type FactKind, factFields } from '../facts/fact-kinds.js';
import type { Attributes } from './attributes.js';
import type { Credit, Fact, FactValue } from './facts.js';

/** Most facts in one block: about 350 KB a block for orders, far below MongoDB's 16 MB. */
export const BLOCK_ROWS = 4_096;

/** The layout version in every block; a reader refuses a block it does not know. */
export const BLOCK_FORMAT = 1;

/** Bytes of the per-row content hash that tells an unchanged re-sent fact from a changed one. */
export const ROW_HASH_BYTES = 16;

// Typed columns are written in the machine's byte order; every platform Node runs on in practice
// is little-endian, and the layout says so (docs/storage.md).
if (endianness() !== 'LE')
  throw new Error('Attain stores fact blocks little-endian; this machine is big-endian');

/** A kind field as a typed column: money Int64 minor units, strings dictionary codes (-1 absent). */
export type FieldColumnDocument =
  | { type: 'money'; values: Binary }
  | { type: 'number'; values: Binary }
  | { type: 'boolean'; values: Binary }
  | { type: 'string'; codes: Binary; dictionary: string[] };

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
  /** UTF-8 ids back to back; `idEnds[r]` is where row r's id ends. */
  ids: Binary;
  idEnds: Binary;
  /** ROW_HASH_BYTES of sha256 of each row's canonical text. */
  hashes: Binary;
  /** Int32 engine day numbers, ascending. */
  days: Binary;
  accounts: Binary;
  accountDictionary: string[];
  /** Int32 codes, -1 for a kind without money. */
  currencies: Binary;
  currencyDictionary: string[];
  /** Int32 end of each row's credits in the credit columns. */
  creditEnds: Binary;
  creditParticipants: Binary;
  participantDictionary: string[];
  creditShares: Binary;
  /** Int32 codes into the canonical JSON of each distinct attributes object. */
  attributes: Binary;
  attributeDictionary: string[];
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
  const idTexts = Buffer.from(facts.map((fact) => fact.id).join(''), 'utf8');
  const idEnds = new Int32Array(rows);
  let end = 0;
  const days = new Int32Array(rows);
  const accounts = new Codes(rows);
  const currencies = new Codes(rows);
  const attributes = new Codes(rows);
  const creditEnds = new Int32Array(rows);
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
    end += Buffer.byteLength(fact.id, 'utf8');
    idEnds[row] = end;
    days[row] = parseDay(fact.date)!;
    accounts.set(row, fact.accountId);
    if (fact.currency === null) currencies.codes[row] = -1;
    else currencies.set(row, fact.currency);
    attributes.set(row, JSON.stringify(fact.attributes));
    for (const credit of fact.credits) {
      creditParticipants.push(participants.encode(credit.participantId));
      creditShares.push(credit.share);
    }
    creditEnds[row] = creditParticipants.length;
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
    ids: new Binary(idTexts),
    idEnds: binary(idEnds),
    hashes: new Binary(Buffer.concat(hashes as Buffer[])),
    days: binary(days),
    accounts: binary(accounts.codes),
    accountDictionary: accounts.dictionary.values,
    currencies: binary(currencies.codes),
    currencyDictionary: currencies.dictionary.values,
    creditEnds: binary(creditEnds),
    creditParticipants: binary(Int32Array.from(creditParticipants)),
    participantDictionary: participants.values,
    creditShares: binary(Float64Array.from(creditShares)),
    attributes: binary(attributes.codes),
    attributeDictionary: attributes.dictionary.values,
    fields,
  };
}

/** Decodes a stored block's columns (only the named kind fields when `fields` is given). */
export function decodeBlock(document: FactBlockDocument, fields?: ReadonlySet<string>): DecodedBlock {
  if (document.format !== BLOCK_FORMAT) {
    throw new Error(
      `fact block ${document._id} has layout ${document.format}; this version reads ${BLOCK_FORMAT}`,
    );
  }
  const rows = document.rows;
  const decodedFields = new Map<string, DecodedField>();
  for (const [name, column] of Object.entries(document.fields ?? {})) {
    if (fields && !fields.has(name)) continue;
    if (column.type === 'string') {
      decodedFields.set(name, { type: 'string', codes: int32(column.codes), dictionary: column.dictionary });
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
    rows,
    ids: decodeIds(document.ids, int32(document.idEnds)),
    hashes: document.hashes ? bytesOf(document.hashes) : new Uint8Array(0),
    days: int32(document.days),
    accounts: int32(document.accounts),
    accountDictionary: document.accountDictionary,
    currencies: int32(document.currencies),
    currencyDictionary: document.currencyDictionary,
    creditEnds: int32(document.creditEnds),
    creditParticipants: int32(document.creditParticipants),
    participantDictionary: document.participantDictionary,
    creditShares: typed(document.creditShares, Float64Array),
    attributes: int32(document.attributes),
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

function fieldDocument(column: PendingField): FieldColumnDocument {
  if (column.type === 'string') {
    return { type: 'string', codes: binary(column.codes.codes), dictionary: column.codes.dictionary.values };
  }
  return { type: column.type, values: binary(column.values) } as FieldColumnDocument;
}

function binary(array: Int32Array | Float64Array | BigInt64Array | Int8Array): Binary {
  return new Binary(Buffer.from(array.buffer, array.byteOffset, array.byteLength));
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

function int32(value: Binary): Int32Array {
  return typed(value, Int32Array);
}

function decodeIds(value: Binary, ends: Int32Array): string[] {
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
