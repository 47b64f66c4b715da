import { isIsoDay } from '../db/days.js';
import type { Attributes } from '../repositories/attributes.js';

/** One problem with one record of a batch: which record, which field, and how to fix it. */
export interface ImportRecordError {
  /** 0-based position of the record in the batch. */
  index: number;
  /** The field, with a path for nested ones, e.g. "credits[1].share"; "" for the whole record. */
  field: string;
  reason: string;
}

/** What a referenced id must name: a stored record of that collection ('owner': a participant or a team). */
export type ReferenceTarget = 'participant' | 'team' | 'account' | 'plan' | 'owner';

/**
 * An id one record points at, checked against stored data with every other record's. A class,
 * not an object with a closure: a fact import notes two or three of these per record, and a
 * closure each (wrapped by tsx to keep its name) was a tenth of the import's CPU.
 */
export class RecordReference {
  constructor(
    readonly index: number,
    private readonly checker: RecordChecker,
    private readonly field: string,
    readonly id: string,
    readonly target: ReferenceTarget,
  ) {}

  /** The field with its nested path, e.g. "credits[1].participantId"; built only when reported. */
  path(): string {
    return this.checker.pathOf(this.field);
  }
}

/** Days we accept: wide enough for any hire date or plan period, narrow enough to catch typos like 20225. */
export const FIRST_DAY = '1900-01-01';
export const LAST_DAY = '2199-12-31';

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const MAX_TEXT = 500;
const MAX_ATTRIBUTES = 50;
/** Longest attribute name, and longest text value of an attribute (docs/api.md, "Limits"). */
export const MAX_ATTRIBUTE_NAME_LENGTH = 100;
export const MAX_ATTRIBUTE_VALUE_LENGTH = 1_000;

/**
 * Reads the fields of one untrusted record and collects every problem instead of stopping at the
 * first, so one answer tells the client everything to fix. Each reader returns the value when
 * it is good and undefined otherwise.
 */
export class RecordChecker {
  constructor(
    readonly record: Record<string, unknown>,
    readonly index: number,
    readonly errors: ImportRecordError[],
    private readonly parent?: { checker: RecordChecker; field: string; position: number },
    /** Every id the record refers to, also when other fields of it are wrong (shared with nested checkers). */
    readonly references: RecordReference[] = [],
  ) {}

  /**
   * Notes that `field` refers to a stored record; the batch checks every reference of every
   * record at once, so an unknown account is reported with a missing field, not after it is fixed.
   */
  refersTo(field: string, id: string | undefined, target: ReferenceTarget): void {
    // The path is built only for a reference that turns out to be unknown: most are fine.
    if (id !== undefined) this.references.push(new RecordReference(this.index, this, field, id, target));
  }

  /** `field` of this checker's object with its nested path, e.g. "credits[1].share". */
  pathOf(field: string): string {
    return this.prefix() + field;
  }

  fail(field: string, reason: string): undefined {
    this.errors.push({ index: this.index, field: this.prefix() + field, reason });
    return undefined;
  }

  /** A checker for an entry of a list, reporting paths like "members[2].role". */
  nested(record: Record<string, unknown>, field: string, position: number): RecordChecker {
    return new RecordChecker(
      record,
      this.index,
      this.errors,
      { checker: this, field, position },
      this.references,
    );
  }

  /** The path of this checker's object, built only when a problem is reported: most records have none. */
  private prefix(): string {
    if (!this.parent) return '';
    const { checker, field, position } = this.parent;
    return `${checker.prefix()}${field}[${position}].`;
  }

  /** Absent, null and (for CSV) empty text all mean "not given". */
  has(field: string): boolean {
    const value = this.record[field];
    return value !== undefined && value !== null && value !== '';
  }

  /** Reports fields this kind of record does not have (NDJSON and CSV can carry anything). */
  onlyFields(allowed: readonly string[]): void {
    const known = fieldSet(allowed);
    for (const field in this.record) {
      if (!Object.hasOwn(this.record, field)) continue;
      if (!known.has(field) && this.has(field)) {
        this.fail(field, `unknown field "${field}"; the fields are: ${allowed.join(', ')}`);
      }
    }
  }

  text(field: string, required = true): string | undefined {
    if (!this.has(field)) return required ? this.fail(field, `${field} is required`) : undefined;
    const value = this.record[field];
    if (typeof value !== 'string') return this.fail(field, `${field} must be text, got ${describe(value)}`);
    if (value.trim() === '') return this.fail(field, `${field} must not be blank`);
    if (value.length > MAX_TEXT) return this.fail(field, `${field} must be at most ${MAX_TEXT} characters`);
    return value;
  }

  /** An external id: text without leading or trailing spaces. */
  id(field: string): string | undefined {
    const value = this.text(field);
    if (value !== undefined && value.trim() !== value) {
      return this.fail(field, `${field} "${value}" has spaces at either end; remove them`);
    }
    return value;
  }

  day(field: string, required = true): string | undefined {
    if (!this.has(field))
      return required ? this.fail(field, `${field} is required, as YYYY-MM-DD`) : undefined;
    const value = this.record[field];
    if (!isIsoDay(value)) {
      return this.fail(field, `${field} must be a calendar day written YYYY-MM-DD, got ${describe(value)}`);
    }
    if (value < FIRST_DAY || value > LAST_DAY) {
      return this.fail(
        field,
        `${field} ${value} is out of range; use a day from ${FIRST_DAY} to ${LAST_DAY}`,
      );
    }
    return value;
  }

  /** An inclusive end day, which must not come before `from`. */
  endDay(field: string, from: string | undefined, fromField: string): string | undefined {
    const value = this.day(field, false);
    if (value !== undefined && from !== undefined && value < from) {
      return this.fail(
        field,
        `${field} ${value} is before ${fromField} ${from}; the range is inclusive, so use ${from} or later`,
      );
    }
    return value;
  }

  currency(field: string, required = true): string | undefined {
    if (!this.has(field))
      return required ? this.fail(field, `${field} is required, as an ISO 4217 code like "EUR"`) : undefined;
    const value = this.record[field];
    if (typeof value !== 'string' || !CURRENCIES.has(value)) {
      return this.fail(
        field,
        `${field} must be an ISO 4217 currency code in capitals like "USD", got ${describe(value)}`,
      );
    }
    return value;
  }

  /** Integer minor units (cents), optionally at least zero. */
  minor(field: string, options: { required?: boolean; nonNegative?: boolean } = {}): number | undefined {
    const { required = true, nonNegative = false } = options;
    if (!this.has(field))
      return required ? this.fail(field, `${field} is required, in minor units (cents)`) : undefined;
    const value = this.record[field];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      return this.fail(
        field,
        `${field} must be a whole number of minor units (12345 for 123.45), got ${describe(value)}`,
      );
    }
    if (nonNegative && value < 0) return this.fail(field, `${field} must not be negative, got ${value}`);
    return value;
  }

  number(field: string, min: number, max: number, required = true): number | undefined {
    if (!this.has(field))
      return required ? this.fail(field, `${field} is required, a number from ${min} to ${max}`) : undefined;
    const value = this.record[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      return this.fail(field, `${field} must be a number from ${min} to ${max}, got ${describe(value)}`);
    }
    return value;
  }

  boolean(field: string, required = true): boolean | undefined {
    if (!this.has(field))
      return required ? this.fail(field, `${field} is required, true or false`) : undefined;
    const value = this.record[field];
    if (typeof value !== 'boolean')
      return this.fail(field, `${field} must be true or false, got ${describe(value)}`);
    return value;
  }

  /** A list of objects, each handed to `each` with a checker for it. */
  list<T>(field: string, each: (item: RecordChecker, position: number) => T | undefined): T[] | undefined {
    if (!this.has(field)) return [];
    const value = this.record[field];
    if (!Array.isArray(value)) return this.fail(field, `${field} must be a list, got ${describe(value)}`);
    const items: T[] = [];
    let ok = true;
    for (let position = 0; position < value.length; position++) {
      const item: unknown = value[position];
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        ok = false;
        this.fail(`${field}[${position}]`, `each entry of ${field} must be an object, got ${describe(item)}`);
        continue;
      }
      const result = each(this.nested(item as Record<string, unknown>, field, position), position);
      if (result === undefined) ok = false;
      else items.push(result);
    }
    return ok ? items : undefined;
  }

  /**
   * Free-form attributes: names that are safe as document keys (no "$" at the start, no "."),
   * scalar values. A value like "$gt" is fine: it is stored as the plain string it is.
   */
  attributes(field = 'attributes'): Attributes | undefined {
    if (!this.has(field)) return {};
    const value = this.record[field];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return this.fail(field, `${field} must be an object of name: value pairs, got ${describe(value)}`);
    }
    const entries = Object.entries(value);
    if (entries.length > MAX_ATTRIBUTES)
      return this.fail(field, `${field} has ${entries.length} entries; the most is ${MAX_ATTRIBUTES}`);
    const attributes: Attributes = {};
    let ok = true;
    for (const [name, item] of entries) {
      const where = `${field}.${name}`;
      if (
        name === '' ||
        name.startsWith('$') ||
        name.includes('.') ||
        name.includes('\0') ||
        name.length > MAX_ATTRIBUTE_NAME_LENGTH
      ) {
        ok = false;
        this.fail(
          where,
          `attribute name ${JSON.stringify(name)} must be 1-100 characters with no "$" at the start and no "."; rename it, e.g. to ${JSON.stringify(safeName(name))}`,
        );
      } else if (typeof item === 'string' && item.length > MAX_ATTRIBUTE_VALUE_LENGTH) {
        ok = false;
        this.fail(
          where,
          `attribute ${name} has ${item.length.toLocaleString('en-US')} characters; the most is ${MAX_ATTRIBUTE_VALUE_LENGTH.toLocaleString('en-US')}. Keep documents elsewhere and store a link or an id`,
        );
      } else if (
        typeof item === 'string' ||
        typeof item === 'boolean' ||
        (typeof item === 'number' && Number.isFinite(item))
      ) {
        attributes[name] = item;
      } else {
        ok = false;
        this.fail(where, `attribute ${name} must be text, a number or true/false, got ${describe(item)}`);
      }
    }
    return ok ? attributes : undefined;
  }
}

/** The allowed field names as a set, made once per list (importers' field lists are constants). */
const fieldSets = new WeakMap<readonly string[], ReadonlySet<string>>();
function fieldSet(allowed: readonly string[]): ReadonlySet<string> {
  let set = fieldSets.get(allowed);
  if (!set) {
    set = new Set(allowed);
    fieldSets.set(allowed, set);
  }
  return set;
}

function safeName(name: string): string {
  return name.replace(/^\$+/, '').replaceAll('.', '_').replaceAll('\0', '') || 'name';
}

/** A short description of a bad value for an error message. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
