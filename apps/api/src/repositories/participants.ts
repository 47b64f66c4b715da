import type { Participant as EngineParticipant, ParticipantField } from '@attain/engine';
import type { Collection, Db, Long } from 'mongodb';
import { fromStoredDay, toStoredDay } from '../db/days.js';
import type { CollectionIndexes } from '../db/indexes.js';
import { fromStoredMinor, toStoredMinor } from '../db/money.js';
import { findPage, type Page, type PageRequest } from '../db/page.js';
import { type UpsertCounts, upsertById } from '../db/upsert-by-id.js';
import type { Attributes } from './attributes.js';

/**
 * A person paid by a plan: the engine's `Participant`, plus free-form attributes. Stored records
 * always carry the two optional engine fields, as null when unknown.
 */
export interface Participant extends EngineParticipant {
  /** Variable pay at 100% for a full year, minor units of `currency`; null when unknown. */
  annualTargetIncentiveMinor: number | null;
  terminationDate: string | null;
  attributes: Attributes;
}

/** A field value as stored: money as a 64-bit integer of minor units, other numbers as doubles. */
interface StoredField {
  name: string;
  value: Long | number;
  currency: string | null;
  from: Date;
  to: Date | null;
}

interface ParticipantDocument {
  _id: string;
  name: string;
  role: string;
  geography: string;
  vertical: string;
  currency: string;
  annualTargetIncentiveMinor: Long | null;
  hireDate: Date;
  terminationDate: Date | null;
  attributes: Attributes;
  /** Absent when the participant has none, so records stored before fields existed stay as they were. */
  fields?: StoredField[];
}

export const participantIndexes: CollectionIndexes = { collection: 'participants', indexes: [] };

/** Participants by their client-given id. */
export class ParticipantsRepository {
  private readonly participants: Collection<ParticipantDocument>;

  constructor(db: Db) {
    this.participants = db.collection<ParticipantDocument>(participantIndexes.collection);
  }

  /** Stores each participant under its id; identical records are left alone. */
  upsertMany(participants: readonly Participant[]): Promise<UpsertCounts> {
    return upsertById(this.participants, participants.map(toDocument));
  }

  /** Every participant, for a payout run (the engine needs the whole org for population measures). */
  async findAll(): Promise<Participant[]> {
    return (await this.participants.find({}).sort({ _id: 1 }).toArray()).map(toParticipant);
  }

  /** The participants with these ids, in storage order (loaders sort them). */
  async findByIds(ids: readonly string[]): Promise<Participant[]> {
    const documents = await this.participants.find({ _id: { $in: [...ids] } }).toArray();
    return documents.map(toParticipant);
  }

  /** Which of these ids exist. */
  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    const found = await this.participants
      .find({ _id: { $in: [...ids] } }, { projection: { _id: 1 } })
      .toArray();
    return new Set(found.map((document) => document._id));
  }

  /** A page of participants ordered by id; `onlyId` restricts it to one participant. */
  async findPage(request: PageRequest, onlyId?: string): Promise<Page<Participant>> {
    const page = await findPage(this.participants, onlyId === undefined ? {} : { _id: onlyId }, request);
    return { ...page, items: page.items.map(toParticipant) };
  }
}

function toDocument({
  id,
  hireDate,
  terminationDate,
  annualTargetIncentiveMinor,
  fields,
  ...rest
}: Participant) {
  const document: ParticipantDocument = {
    _id: id,
    name: rest.name,
    role: rest.role,
    geography: rest.geography,
    vertical: rest.vertical,
    currency: rest.currency,
    annualTargetIncentiveMinor:
      annualTargetIncentiveMinor === null ? null : toStoredMinor(annualTargetIncentiveMinor),
    hireDate: toStoredDay(hireDate),
    terminationDate: terminationDate === null ? null : toStoredDay(terminationDate),
    attributes: rest.attributes,
  };
  if (fields && fields.length > 0) document.fields = fields.map(toStoredField);
  return document;
}

function toStoredField(field: ParticipantField): StoredField {
  return {
    name: field.name,
    value: field.currency === null ? field.value : toStoredMinor(field.value),
    currency: field.currency,
    from: toStoredDay(field.from),
    to: field.to ? toStoredDay(field.to) : null,
  };
}

function fromStoredField(stored: StoredField): ParticipantField {
  return {
    name: stored.name,
    value: stored.currency === null ? Number(stored.value) : fromStoredMinor(stored.value),
    currency: stored.currency,
    from: fromStoredDay(stored.from),
    to: stored.to ? fromStoredDay(stored.to) : null,
  };
}

function toParticipant(document: ParticipantDocument): Participant {
  return {
    id: document._id,
    name: document.name,
    role: document.role,
    geography: document.geography,
    vertical: document.vertical,
    currency: document.currency,
    annualTargetIncentiveMinor:
      document.annualTargetIncentiveMinor == null
        ? null
        : fromStoredMinor(document.annualTargetIncentiveMinor),
    hireDate: fromStoredDay(document.hireDate),
    terminationDate: document.terminationDate ? fromStoredDay(document.terminationDate) : null,
    attributes: document.attributes ?? {},
    // Only when stored, so a participant without fields reads (and fingerprints) as before.
    ...(document.fields ? { fields: document.fields.map(fromStoredField) } : {}),
  };
}
