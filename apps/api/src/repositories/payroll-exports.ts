import type { Collection, Db, Long } from 'mongodb';
import { isDuplicateKeyError } from '../db/errors.js';
import type { CollectionIndexes } from '../db/indexes.js';
import { fromStoredMinor, toStoredMinor } from '../db/money.js';

export type PayrollFormat = 'csv' | 'ndjson';

/** What one export file held: enough to prove a later export of the same run is the same file. */
export interface PayrollFileRecord {
  currency: string;
  /** sha256 of the file's UTF-8 bytes, hex. */
  checksum: string;
  rowCount: number;
  totalMinor: number;
}

/** The first export of an approved run in one format: the run is marked exported by this record. */
export interface PayrollExport {
  /** `<runId>/<format>`. */
  id: string;
  runId: string;
  format: PayrollFormat;
  exportedBy: string | null;
  exportedAt: Date;
  files: PayrollFileRecord[];
}

interface PayrollExportDocument extends Omit<PayrollExport, 'id' | 'files'> {
  _id: string;
  files: (Omit<PayrollFileRecord, 'totalMinor'> & { totalMinor: Long })[];
}

/** Read by `_id` only. */
export const payrollExportIndexes: CollectionIndexes = { collection: 'payroll_exports', indexes: [] };

export const PAYROLL_FORMATS: readonly PayrollFormat[] = ['csv', 'ndjson'];

/** Export records, one per run and format, written once: a second export finds the first. */
export class PayrollExportsRepository {
  private readonly exports: Collection<PayrollExportDocument>;

  constructor(db: Db) {
    this.exports = db.collection<PayrollExportDocument>(payrollExportIndexes.collection);
  }

  async find(runId: string, format: PayrollFormat): Promise<PayrollExport | null> {
    const document = await this.exports.findOne({ _id: `${runId}/${format}` });
    return document ? fromDocument(document) : null;
  }

  /** Records the first export; when one exists already, returns that one and writes nothing. */
  async recordFirst(record: Omit<PayrollExport, 'id'>): Promise<{ record: PayrollExport; first: boolean }> {
    const stored: PayrollExport = { id: `${record.runId}/${record.format}`, ...record };
    try {
      await this.exports.insertOne(toDocument(stored));
      return { record: stored, first: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.find(record.runId, record.format);
      if (!existing) throw error;
      return { record: existing, first: false };
    }
  }
}

function toDocument(record: PayrollExport): PayrollExportDocument {
  const { id, files, ...rest } = record;
  return { _id: id, ...rest, files: files.map((f) => ({ ...f, totalMinor: toStoredMinor(f.totalMinor) })) };
}

function fromDocument(document: PayrollExportDocument): PayrollExport {
  const { _id, files, ...rest } = document;
  return { id: _id, ...rest, files: files.map((f) => ({ ...f, totalMinor: fromStoredMinor(f.totalMinor) })) };
}
