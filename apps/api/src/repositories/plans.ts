import type { Collection, Db } from 'mongodb';
import { fromStoredDay, toStoredDay } from '../db/days.js';
import { ConflictError, orConflict } from '../db/errors.js';
import type { CollectionIndexes } from '../db/indexes.js';
import { findPage, type Page, type PageRequest } from '../db/page.js';

/** A plan: a name, an editable draft, and a history of immutable published versions. */
export interface Plan {
  id: string;
  name: string;
  description: string | null;
  createdAt: Date;
  /** The text being edited; may have errors. Empty for a new plan. */
  draftText: string;
  draftSavedAt: Date | null;
}

/** A published version: immutable text in force over an inclusive date range. */
export interface PlanVersion {
  /** `<planId>@<version>`. */
  id: string;
  planId: string;
  /** 1, 2, 3, ... per plan; never reused. */
  version: number;
  text: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  publishedAt: Date;
  /** The API key that published it. */
  publishedBy: string | null;
}

interface PlanDocument {
  _id: string;
  name: string;
  description: string | null;
  createdAt: Date;
  draftText: string;
  draftSavedAt: Date | null;
}

interface PlanVersionDocument {
  _id: string;
  planId: string;
  version: number;
  text: string;
  effectiveFrom: Date;
  effectiveTo: Date | null;
  publishedAt: Date;
  publishedBy: string | null;
}

export const planIndexes: CollectionIndexes = {
  collection: 'plans',
  indexes: [{ key: { name: 1 }, options: { unique: true, name: 'name_unique' } }],
};

export const planVersionIndexes: CollectionIndexes = {
  collection: 'plan_versions',
  // Two publishes that read the same latest version both try to insert the next number: the
  // unique index lets exactly one win (no transaction, no compare-and-swap).
  indexes: [{ key: { planId: 1, version: 1 }, options: { unique: true, name: 'plan_version_unique' } }],
};

/** The id of a plan version document. */
export function planVersionId(planId: string, version: number): string {
  return `${planId}@${version}`;
}

/** Plans and their published versions. */
export class PlansRepository {
  private readonly plans: Collection<PlanDocument>;
  private readonly versions: Collection<PlanVersionDocument>;

  constructor(db: Db) {
    this.plans = db.collection<PlanDocument>(planIndexes.collection);
    this.versions = db.collection<PlanVersionDocument>(planVersionIndexes.collection);
  }

  /** Creates a plan; a ConflictError when the id or the name is taken. */
  async create(plan: { id: string; name: string; description: string | null }): Promise<Plan> {
    const document: PlanDocument = {
      _id: plan.id,
      name: plan.name,
      description: plan.description,
      createdAt: new Date(),
      draftText: '',
      draftSavedAt: null,
    };
    try {
      await orConflict(planIndexes.collection, 'A plan with this id or name exists.', () =>
        this.plans.insertOne(document),
      );
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      throw await this.clashOf(plan);
    }
    return toPlan(document);
  }

  /** Which of a new plan's id and name is taken, and by what: a conflict that says precisely. */
  private async clashOf(plan: { id: string; name: string }): Promise<ConflictError> {
    const sameId = await this.plans.findOne({ _id: plan.id });
    if (sameId) {
      return new ConflictError(
        `The plan id "${plan.id}" is taken (by the plan named "${sameId.name}"); choose another id.`,
        planIndexes.collection,
      );
    }
    const sameName = await this.plans.findOne({ name: plan.name });
    return new ConflictError(
      sameName
        ? `The plan name "${plan.name}" is taken (by the plan with id "${sameName._id}"); plan names are unique, choose another name.`
        : `The plan id "${plan.id}" or name "${plan.name}" was taken by a plan created at the same moment; try again.`,
      planIndexes.collection,
    );
  }

  async findById(id: string): Promise<Plan | null> {
    const document = await this.plans.findOne({ _id: id });
    return document ? toPlan(document) : null;
  }

  async findByIds(ids: readonly string[]): Promise<Plan[]> {
    return (await this.plans.find({ _id: { $in: [...ids] } }).toArray()).map(toPlan);
  }

  /** Which of these plan ids exist. */
  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    const found = await this.plans.find({ _id: { $in: [...ids] } }, { projection: { _id: 1 } }).toArray();
    return new Set(found.map((document) => document._id));
  }

  async findPage(request: PageRequest): Promise<Page<Plan>> {
    const page = await findPage(this.plans, {}, request);
    return { ...page, items: page.items.map(toPlan) };
  }

  /** Replaces the draft text (drafts are the one mutable part of a plan; last save wins). */
  async saveDraft(id: string, text: string): Promise<Plan | null> {
    const saved = await this.plans.findOneAndUpdate(
      { _id: id },
      { $set: { draftText: text, draftSavedAt: new Date() } },
      { returnDocument: 'after' },
    );
    return saved ? toPlan(saved) : null;
  }

  /**
   * Inserts the next version. `expectedVersion` is the number the caller computed from the latest
   * version it read; if another publish took it first, the unique index refuses the insert and
   * this throws a ConflictError.
   */
  async insertVersion(version: Omit<PlanVersion, 'id' | 'publishedAt'>): Promise<PlanVersion> {
    const document: PlanVersionDocument = {
      _id: planVersionId(version.planId, version.version),
      planId: version.planId,
      version: version.version,
      text: version.text,
      effectiveFrom: toStoredDay(version.effectiveFrom),
      effectiveTo: version.effectiveTo === null ? null : toStoredDay(version.effectiveTo),
      publishedAt: new Date(),
      publishedBy: version.publishedBy,
    };
    await orConflict(
      planVersionIndexes.collection,
      `Version ${version.version} of plan "${version.planId}" was published by someone else a moment ago; reload the plan and publish again.`,
      () => this.versions.insertOne(document),
    );
    return toPlanVersion(document);
  }

  /** Every published version of a plan, oldest first. */
  async findVersions(planId: string): Promise<PlanVersion[]> {
    const documents = await this.versions.find({ planId }).sort({ version: 1 }).toArray();
    return documents.map(toPlanVersion);
  }

  async findVersionsByIds(ids: readonly string[]): Promise<PlanVersion[]> {
    return (await this.versions.find({ _id: { $in: [...ids] } }).toArray()).map(toPlanVersion);
  }

  async findVersion(planId: string, version: number): Promise<PlanVersion | null> {
    const document = await this.versions.findOne({ _id: planVersionId(planId, version) });
    return document ? toPlanVersion(document) : null;
  }

  /**
   * Versions by number, those that exist, in the order asked: one `_id` lookup each (the query
   * FerretDB answers without reading the collection; `$in` would read it whole).
   */
  async findVersionsByNumbers(planId: string, numbers: readonly number[]): Promise<PlanVersion[]> {
    const documents = await Promise.all(
      numbers.map((version) => this.versions.findOne({ _id: planVersionId(planId, version) })),
    );
    return documents.flatMap((document) => (document ? [toPlanVersion(document)] : []));
  }

  /** The highest version number published so far, 0 when none. */
  async latestVersionNumber(planId: string): Promise<number> {
    const [latest] = await this.versions
      .find({ planId }, { projection: { version: 1 } })
      .sort({ version: -1 })
      .limit(1)
      .toArray();
    return latest?.version ?? 0;
  }
}

function toPlan(document: PlanDocument): Plan {
  return {
    id: document._id,
    name: document.name,
    description: document.description,
    createdAt: document.createdAt,
    draftText: document.draftText,
    draftSavedAt: document.draftSavedAt,
  };
}

function toPlanVersion(document: PlanVersionDocument): PlanVersion {
  return {
    id: document._id,
    planId: document.planId,
    version: document.version,
    text: document.text,
    effectiveFrom: fromStoredDay(document.effectiveFrom),
    effectiveTo: document.effectiveTo ? fromStoredDay(document.effectiveTo) : null,
    publishedAt: document.publishedAt,
    publishedBy: document.publishedBy,
  };
}
