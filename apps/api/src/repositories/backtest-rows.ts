/**
 * A backtest's result rows, stored in chunks (the bucket pattern, as facts are): FerretDB answers
 * only `_id` equality without reading the whole collection, so one document per row made every
 * page, and every "explain this line", read all rows of all backtests (1.1–3.1 s for a page of
 * 30 with 16,000 rows stored). Rows are written once, in key order (period, then participant),
 * CHUNK_ROWS to a document, with a directory document that says which row is where. Every read
 * is by `_id`; sorted orders are computed from the chunks on first use and kept in memory.
 */
import type { BacktestRow } from '@attain/engine';
import { Binary, BSON, type Collection } from 'mongodb';

/** Rows per chunk document: about 0.3–1 KB each, so a chunk stays far below 16 MB. */
export const CHUNK_ROWS = 500;

/** What the rows of one backtest can be sorted by. 'key' is period, then participant. */
export type RowSortField = 'key' | 'participant' | 'baseline' | 'candidate' | 'delta';

/** A sort of a backtest's rows; `candidate` is the candidate's index for 'candidate' and 'delta'. */
export interface RowOrder {
  by: RowSortField;
  candidate: number;
  descending: boolean;
}

/** The directory of a chunked backtest: per row (in key order), its period and participant. */
export interface RowDirectory {
  rowCount: number;
  periods: string[];
  participants: string[];
  /** Per row: an index into `periods`. */
  rowPeriod: Uint16Array;
  /** Per row: an index into `participants`. */
  rowParticipant: Int32Array;
  /** Per row: the amounts rows are sorted by (minor units), so a sort reads no chunk. */
  amounts: RowAmounts | null;
}

/** The amounts of every row, in key order: the baseline, and per candidate its total and delta. */
export interface RowAmounts {
  baseline: Float64Array;
  totals: Float64Array[];
  deltas: Float64Array[];
}

/**
 * The directory's head. Its arrays (about 46 bytes a row with two candidates) are in parts of
 * DIRECTORY_PART_BYTES, since 400,000 rows (100,000 people over four quarters) would pass the
 * 16 MB limit of one document; `parts` says how many. Directories written before parts have the
 * arrays in the head itself (`rowPeriod` and the rest) and no `parts`.
 */
type DirectoryDocument = {
  _id: string;
  backtestId: string;
  kind: 'directory';
  rowCount: number;
  chunkRows: number;
  parts?: number;
  periods?: string[];
  participants?: string[];
  rowPeriod?: Binary;
  rowParticipant?: Binary;
  /** Int64 minor units per row (money is never a double in storage), absent on none. */
  baselineMinor?: Binary;
  candidateTotalsMinor?: Binary[];
  candidateDeltasMinor?: Binary[];
};

type DirectoryPartDocument = {
  _id: string;
  backtestId: string;
  kind: 'directory-part';
  part: number;
  bytes: Binary;
};

/** Bytes of the directory's arrays per part document: far below 16 MB. */
export const DIRECTORY_PART_BYTES = 4 * 1024 * 1024;

/**
 * The directory as one run of bytes: a length-prefixed JSON head (periods, participants, the
 * number of candidates), then each array on an 8-byte boundary: the periods (16-bit), the
 * participants (32-bit), and as 64-bit integers the baseline, each candidate's totals and each
 * candidate's deltas.
 */
function encodeDirectory(directory: RowDirectory & { amounts: RowAmounts }): Uint8Array {
  const head = Buffer.from(
    JSON.stringify({
      periods: directory.periods,
      participants: directory.participants,
      candidates: directory.amounts.totals.length,
    }),
  );
  const arrays: ArrayBufferView[] = [
    directory.rowPeriod,
    directory.rowParticipant,
    ...[directory.amounts.baseline, ...directory.amounts.totals, ...directory.amounts.deltas].map((values) =>
      BigInt64Array.from(values, (v) => BigInt(v)),
    ),
  ];
  let size = align8(4 + head.length);
  for (const array of arrays) size = align8(size + array.byteLength);
  const bytes = new Uint8Array(size);
  new DataView(bytes.buffer).setUint32(0, head.length, true);
  bytes.set(head, 4);
  let offset = align8(4 + head.length);
  for (const array of arrays) {
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
    offset = align8(offset + array.byteLength);
  }
  return bytes;
}

/** The directory back from `encodeDirectory`'s bytes (which start on an aligned offset). */
function decodeDirectory(bytes: Uint8Array, rowCount: number): RowDirectory {
  const headLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  const head = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 4, headLength).toString()) as {
    periods: string[];
    participants: string[];
    candidates: number;
  };
  let offset = align8(4 + headLength);
  const take = <T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T, width: number): T => {
    const array = make(bytes.buffer as ArrayBuffer, bytes.byteOffset + offset, rowCount);
    offset = align8(offset + width * rowCount);
    return array;
  };
  const int64 = () =>
    Float64Array.from(
      take((b, o, l) => new BigInt64Array(b, o, l), 8),
      (v) => Number(v),
    );
  const rowPeriod = take((b, o, l) => new Uint16Array(b, o, l), 2);
  const rowParticipant = take((b, o, l) => new Int32Array(b, o, l), 4);
  const baseline = int64();
  const totals = Array.from({ length: head.candidates }, int64);
  const deltas = Array.from({ length: head.candidates }, int64);
  return {
    rowCount,
    periods: head.periods,
    participants: head.participants,
    rowPeriod,
    rowParticipant,
    amounts: { baseline, totals, deltas },
  };
}

const align8 = (offset: number) => Math.ceil(offset / 8) * 8;

function fromInt64Bytes(binary: Binary): Float64Array {
  const array = new BigInt64Array(new Uint8Array(binary.buffer.subarray(0, binary.length())).buffer);
  return Float64Array.from(array, (v) => Number(v));
}

type ChunkDocument = {
  _id: string;
  backtestId: string;
  kind: 'chunk';
  chunk: number;
  /** BSON of { rows: [...] } with money as 64-bit integers. */
  rows: Binary;
};

const directoryId = (backtestId: string) => `${backtestId}/directory`;
const directoryPartId = (backtestId: string, part: number) => `${backtestId}/directory/${part}`;
const chunkId = (backtestId: string, chunk: number) => `${backtestId}/chunk/${chunk}`;

/** Plain code-unit order, the order `_id`s and keys are compared in everywhere. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Writes rows as chunks and a directory, the directory last: a reader that finds it finds every
 * chunk. `encode` turns a row into what is stored (money as 64-bit integers).
 */
export async function writeRowChunks(
  collection: Collection,
  backtestId: string,
  rows: readonly BacktestRow[],
  encode: (row: BacktestRow) => Record<string, unknown>,
  partBytes = DIRECTORY_PART_BYTES,
): Promise<void> {
  const sorted = [...rows].sort(
    (a, b) => compareText(a.periodId, b.periodId) || compareText(a.participantId, b.participantId),
  );
  const periods = [...new Set(sorted.map((r) => r.periodId))].sort(compareText);
  const participants = [...new Set(sorted.map((r) => r.participantId))].sort(compareText);
  const periodIndex = new Map(periods.map((p, i) => [p, i]));
  const participantIndex = new Map(participants.map((p, i) => [p, i]));
  const rowPeriod = new Uint16Array(sorted.length);
  const rowParticipant = new Int32Array(sorted.length);
  sorted.forEach((row, i) => {
    rowPeriod[i] = periodIndex.get(row.periodId) as number;
    rowParticipant[i] = participantIndex.get(row.participantId) as number;
  });
  const chunks: ChunkDocument[] = [];
  for (let start = 0, chunk = 0; start < sorted.length; start += CHUNK_ROWS, chunk++) {
    chunks.push({
      _id: chunkId(backtestId, chunk),
      backtestId,
      kind: 'chunk',
      chunk,
      rows: new Binary(BSON.serialize({ rows: sorted.slice(start, start + CHUNK_ROWS).map(encode) })),
    });
  }
  // A few chunks a call: each is up to a few hundred KB.
  for (let i = 0; i < chunks.length; i += 8) {
    await collection.insertMany(chunks.slice(i, i + 8) as never[], { ordered: false });
  }
  const candidates = sorted[0]?.candidates.length ?? 0;
  const bytes = encodeDirectory({
    rowCount: sorted.length,
    periods,
    participants,
    rowPeriod,
    rowParticipant,
    amounts: amountsOfRows(sorted, candidates),
  });
  const parts: DirectoryPartDocument[] = [];
  for (let start = 0, part = 0; start < bytes.length; start += partBytes, part++) {
    parts.push({
      _id: directoryPartId(backtestId, part),
      backtestId,
      kind: 'directory-part',
      part,
      bytes: new Binary(
        Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.min(partBytes, bytes.length - start)),
      ),
    });
  }
  for (const part of parts) await collection.insertOne(part as never);
  const directory: DirectoryDocument = {
    _id: directoryId(backtestId),
    backtestId,
    kind: 'directory',
    rowCount: sorted.length,
    chunkRows: CHUNK_ROWS,
    parts: parts.length,
  };
  await collection.insertOne(directory as never);
}

/** Reads chunked rows by `_id` only. `decode` turns a stored row back (money from 64-bit integers). */
export class RowChunkReader<Row> {
  constructor(
    private readonly collection: Collection,
    private readonly decode: (stored: Record<string, unknown>, backtestId: string) => Row,
  ) {}

  /** The directory, or null for a backtest whose rows are one document each (stored before chunks). */
  async directory(backtestId: string): Promise<RowDirectory | null> {
    const document = (await this.collection.findOne({
      _id: directoryId(backtestId) as never,
    })) as DirectoryDocument | null;
    if (!document) return null;
    if (document.parts !== undefined) {
      const parts: Uint8Array[] = [];
      for (let part = 0; part < document.parts; part++) {
        const stored = (await this.collection.findOne({
          _id: directoryPartId(backtestId, part) as never,
        })) as DirectoryPartDocument | null;
        if (!stored) throw new Error(`backtest ${backtestId}: directory part ${part} is missing`);
        parts.push(stored.bytes.buffer.subarray(0, stored.bytes.length()));
      }
      // Copied into one buffer of its own, so every array starts on an aligned offset.
      const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
      let offset = 0;
      for (const part of parts) {
        bytes.set(part, offset);
        offset += part.length;
      }
      return decodeDirectory(bytes, document.rowCount);
    }
    const copy = (binary: Binary) => {
      const bytes = binary.buffer.subarray(0, binary.length());
      // Copied so the typed array starts on an aligned offset of its own buffer.
      return new Uint8Array(bytes).buffer;
    };
    return {
      rowCount: document.rowCount,
      periods: document.periods ?? [],
      participants: document.participants ?? [],
      rowPeriod: new Uint16Array(copy(document.rowPeriod as Binary)),
      rowParticipant: new Int32Array(copy(document.rowParticipant as Binary)),
      amounts: document.baselineMinor
        ? {
            baseline: fromInt64Bytes(document.baselineMinor),
            totals: (document.candidateTotalsMinor ?? []).map(fromInt64Bytes),
            deltas: (document.candidateDeltasMinor ?? []).map(fromInt64Bytes),
          }
        : null,
    };
  }

  /** The rows of one chunk, in key order. */
  async chunk(backtestId: string, chunk: number): Promise<Row[]> {
    const document = (await this.collection.findOne({
      _id: chunkId(backtestId, chunk) as never,
    })) as ChunkDocument | null;
    if (!document) throw new Error(`backtest ${backtestId}: row chunk ${chunk} is missing`);
    const { rows } = BSON.deserialize(document.rows.buffer.subarray(0, document.rows.length()), {
      promoteLongs: false,
    }) as { rows: Record<string, unknown>[] };
    return rows.map((row) => this.decode(row, backtestId));
  }
}

/** The row positions (in key order) of one participant, in key order. */
export function positionsOf(directory: RowDirectory, participantId: string): number[] {
  const participant = binarySearch(directory.participants, participantId);
  if (participant < 0) return [];
  const positions: number[] = [];
  for (let i = 0; i < directory.rowCount; i++) {
    if (directory.rowParticipant[i] === participant) positions.push(i);
  }
  return positions;
}

/** The position of the row of a participant in a period, or -1. */
export function positionOf(directory: RowDirectory, periodId: string, participantId: string): number {
  const period = binarySearch(directory.periods, periodId);
  const participant = binarySearch(directory.participants, participantId);
  if (period < 0 || participant < 0) return -1;
  // Rows are sorted by period index, then participant index: a binary search over both.
  let low = 0;
  let high = directory.rowCount - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const order =
      (directory.rowPeriod[middle] as number) - period ||
      (directory.rowParticipant[middle] as number) - participant;
    if (order === 0) return middle;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/**
 * The positions of all rows in `order`: ties (equal amounts) in participant, then period order,
 * whichever the direction, so a page never reshuffles between two requests. `values` holds what
 * 'baseline', 'candidate' and 'delta' sort by, per position (see `amountsOf`).
 */
export function sortPositions(directory: RowDirectory, order: RowOrder, values: Float64Array): Int32Array {
  const positions = Int32Array.from({ length: directory.rowCount }, (_, i) => i);
  const { rowPeriod, rowParticipant } = directory;
  const byParticipant = (a: number, b: number) =>
    (rowParticipant[a] as number) - (rowParticipant[b] as number) ||
    (rowPeriod[a] as number) - (rowPeriod[b] as number);
  const sign = order.descending ? -1 : 1;
  if (order.by === 'key') return order.descending ? positions.reverse() : positions;
  if (order.by === 'participant') return positions.sort((a, b) => sign * byParticipant(a, b));
  return positions.sort(
    (a, b) => sign * ((values[a] as number) - (values[b] as number)) || byParticipant(a, b),
  );
}

function binarySearch(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const order = compareText(sorted[middle] as string, value);
    if (order === 0) return middle;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** What an order sorts by, per row in key order; empty for orders by key or participant. */
export function amountsOf(amounts: RowAmounts, order: RowOrder): Float64Array {
  if (order.by === 'baseline') return amounts.baseline;
  if (order.by === 'candidate')
    return amounts.totals[order.candidate] ?? new Float64Array(amounts.baseline.length);
  if (order.by === 'delta')
    return amounts.deltas[order.candidate] ?? new Float64Array(amounts.baseline.length);
  return new Float64Array(0);
}

/** The amounts of rows read in key order (for backtests stored before the directory had them). */
export function amountsOfRows(
  rows: readonly BacktestRow[],
  candidates = rows[0]?.candidates.length ?? 0,
): RowAmounts {
  return {
    baseline: Float64Array.from(rows, (r) => r.baselineMinor),
    totals: Array.from({ length: candidates }, (_, c) =>
      Float64Array.from(rows, (r) => r.candidates[c]?.totalMinor ?? 0),
    ),
    deltas: Array.from({ length: candidates }, (_, c) =>
      Float64Array.from(rows, (r) => r.candidates[c]?.deltaMinor ?? 0),
    ),
  };
}
