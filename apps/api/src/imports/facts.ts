import {
  FACT_FIELD_NAMES,
  FACT_KIND_NAMES,
  type FactKind,
  factFields,
  hasMoneyFields,
  isFactKind,
} from '../facts/fact-kinds.js';
import type { Credit, Fact, FactValue } from '../repositories/facts.js';
import type { Importer } from './importer.js';
import type { RecordChecker } from './record-checker.js';

/** Shares are fractions; allow for the rounding of decimal text like 0.1 + 0.2. */
const SHARE_TOLERANCE = 1e-9;

const COMMON_FIELDS = ['id', 'kind', 'date', 'accountId', 'currency', 'credits', 'attributes'] as const;

/** Facts: dated events on accounts, with the fields of their kind (src/facts/fact-kinds.ts). */
export const factImporter: Importer<Fact> = {
  noun: 'facts',
  fields: [...COMMON_FIELDS, ...FACT_FIELD_NAMES],
  check(c) {
    const id = c.id('id');
    const kindValue = c.text('kind');
    let kind: FactKind | undefined;
    if (kindValue !== undefined) {
      if (isFactKind(kindValue)) kind = kindValue;
      else c.fail('kind', `kind must be one of ${FACT_KIND_NAMES.join(', ')}; got "${kindValue}"`);
    }
    const date = c.day('date');
    const accountId = c.id('accountId');
    c.refersTo('accountId', accountId, 'account');
    const attributes = c.attributes();
    const credits = checkCredits(c, kind);
    let currency: string | undefined;
    let values: Record<string, FactValue> | undefined;
    if (kind !== undefined) {
      if (hasMoneyFields(kind)) currency = c.currency('currency');
      else if (c.has('currency')) c.fail('currency', `${kind} facts carry no money; leave currency out`);
      values = checkKindFields(c, kind);
    }
    if (
      id === undefined ||
      kind === undefined ||
      date === undefined ||
      accountId === undefined ||
      attributes === undefined ||
      credits === undefined ||
      values === undefined ||
      (hasMoneyFields(kind) && currency === undefined)
    ) {
      return undefined;
    }
    return { id, kind, date, accountId, currency: currency ?? null, credits, values, attributes };
  },
  write: (repositories, records, onProgress) => repositories.facts.upsertMany(records, onProgress),
};

/** Per kind: its own field specs, and the other kinds' fields, which a record of it must not carry. */
const KIND_FIELDS = new Map(
  FACT_KIND_NAMES.map((kind) => {
    const specs = factFields(kind);
    const foreign = FACT_FIELD_NAMES.filter((field) => !Object.hasOwn(specs, field));
    return [kind, { own: Object.entries(specs), names: Object.keys(specs).join(', '), foreign }] as const;
  }),
);

const CREDIT_FIELDS = ['participantId', 'share'];

/** The kind's own fields: required ones present and typed, other kinds' fields absent. */
function checkKindFields(c: RecordChecker, kind: FactKind): Record<string, FactValue> | undefined {
  const { own, names, foreign } = KIND_FIELDS.get(kind)!;
  const values: Record<string, FactValue> = {};
  let ok = true;
  for (const field of foreign) {
    if (c.has(field)) {
      ok = false;
      c.fail(field, `${kind} facts have no ${field}; their fields are ${names}`);
    }
  }
  for (const [field, { spec, required }] of own) {
    if (!required && !c.has(field)) continue;
    let value: FactValue | undefined;
    if (spec.type === 'money') value = c.minor(field);
    else if (spec.type === 'string') value = c.text(field);
    else if (spec.type === 'boolean') value = c.boolean(field);
    else value = c.number(field, spec.min, spec.max);
    if (value === undefined) ok = false;
    else values[field] = value;
  }
  return ok ? values : undefined;
}

/** Credits: known participants once each, shares in (0, 1] adding up to 1. */
function checkCredits(c: RecordChecker, kind: FactKind | undefined): Credit[] | undefined {
  const credits = c.list<Credit>('credits', (credit) => {
    credit.onlyFields(CREDIT_FIELDS);
    const participantId = credit.id('participantId');
    credit.refersTo('participantId', participantId, 'participant');
    const share = credit.number('share', 0, 1);
    if (share === 0)
      return credit.fail('share', 'share must be more than 0; leave out a participant with no share');
    if (participantId === undefined || share === undefined) return undefined;
    return { participantId, share };
  });
  if (credits === undefined) return undefined;
  const seen = new Set<string>();
  for (let position = 0; credits.length > 1 && position < credits.length; position++) {
    const { participantId } = credits[position]!;
    if (seen.has(participantId)) {
      return c.fail(
        `credits[${position}].participantId`,
        `${participantId} is credited twice; merge the two shares`,
      );
    }
    seen.add(participantId);
  }
  if (credits.length > 0) {
    const total = credits.reduce((sum, credit) => sum + credit.share, 0);
    if (Math.abs(total - 1) > SHARE_TOLERANCE) {
      return c.fail('credits', `shares add up to ${Number(total.toFixed(9))}; they must add up to 1`);
    }
  }
  if (kind === 'objective' && credits.length !== 1) {
    return c.fail('credits', 'an objective fact is credited to exactly one participant with share 1');
  }
  return credits;
}
