/**
 * Computes the plans' fact aggregates and fact lists for every participant from the columns.
 *
 * One pass over the rows of a kind inside a window accumulates statistics per account and per
 * credited participant ("partials"); every scope is then a lookup: a team sums its accounts'
 * partials, an individual reads their own credited partial (plus matching team accounts), and a
 * statistic over teams reads each team's value. Partials are cached, so several plans, periods
 * and participants share one pass.
 */
import type { Aggregation, CreditShare, FactAggregate, FactList, IndividualMatch } from '@attain/rules';
import type { FactColumns } from '../facts/fact-columns.js';
import type { OrgSnapshot } from '../model/org.js';
import { conversionMessage, type FieldValues, type FxRates, fieldValues } from '../money/fx.js';
import { splitSharesInto } from '../money/money.js';
import { type DayRange, formatDay } from '../periods/day.js';
import { compileFilters, filtersKey } from './filters.js';

/** Who a measure is computed for: a participant during one stretch on one team. */
export interface MeasureSubject {
  participantId: string;
  /** null when the participant is on no team in this stretch: team scopes then see no accounts. */
  teamId: string | null;
  /** The teams the participant manages in this stretch ('for managed teams'), sorted; absent: none. */
  managedTeamIds?: readonly string[];
  geography: string;
  vertical: string;
}

/** A data error found while measuring (e.g. a fact that cannot be converted); names the fact. */
export interface MeasureError {
  code: 'missing-fx-rate';
  factId: string;
  message: string;
  /** The pair without a rate, e.g. 'EUR/USD', and the fact's day it was needed on. */
  pair?: string;
  date?: string;
}

/** Statistics accumulated per account and per credited participant over one window. */
interface Partials {
  accountSum: Float64Array;
  accountCount: Float64Array;
  accountMin: Float64Array;
  accountMax: Float64Array;
  /** Credited sums use each participant's split of the value (largest remainder for money). */
  creditSum: Float64Array;
  creditCount: Float64Array;
  /** Full (unsplit) values, for averages of credited facts. */
  creditFullSum: Float64Array;
  creditMin: Float64Array;
  creditMax: Float64Array;
  /**
   * Rows of the window whose money has no rate to the currency, by account and by credited
   * participant: reported only when a measure reads that account or credit (issue 10).
   */
  missingRate: MissingRate | null;
}

interface MissingRate {
  field: FieldValues;
  name: string;
  currency: string;
  byAccount: Map<number, number[]>;
  byParticipant: Map<number, number[]>;
}

interface Stats {
  sum: number;
  count: number;
  /** Sum of full values, for averages. */
  fullSum: number;
  min: number;
  max: number;
}

/** An individual's statistics, and the whole and credited value of the facts credited to them; shared, never changed. */
interface IndividualStats {
  readonly stats: Readonly<Stats>;
  readonly credited: { readonly fullMinor: number; readonly creditedMinor: number };
}

/** A fact list for one subject: rows in date order and their values in the plan currency. */
export interface FactListValues {
  rows: number[];
  values: number[];
  /** Per row, the subject's credit when the fact is shared with others (null otherwise); absent when none is. */
  credits?: (CreditShare | null)[];
}

/** A fact list as statements keep it: fact ids in date order and their values. */
export interface FactListEntries {
  factIds: string[];
  values: number[];
  /** Each fact's day number; sources that do not give it cannot convert at fact dates. */
  days?: number[];
  /** Per fact, the subject's credit when the fact is shared with others (null otherwise); absent when none is. */
  credits?: (CreditShare | null)[];
}

/**
 * Where statements get their numbers. `MeasureContext` is the real one; the benchmark plugs in
 * a naive one (scan every fact per participant) to compare speed and check the cents agree.
 */
export interface MeasureSource {
  readonly errors: readonly MeasureError[];
  aggregate(
    aggregate: FactAggregate,
    range: DayRange,
    currency: string,
    subject: MeasureSubject,
  ): number | null;
  factEntries(list: FactList, range: DayRange, currency: string, subject: MeasureSubject): FactListEntries;
  /** `aggregate` with the subject's part of shared facts, for explanations; sources without it explain less. */
  aggregateWithCredit?(
    aggregate: FactAggregate,
    range: DayRange,
    currency: string,
    subject: MeasureSubject,
  ): { value: number | null; credit: CreditShare | null };
  /** A team's value of an aggregate over its accounts (team scope), with how many facts it read. */
  teamAggregate(aggregate: FactAggregate, range: DayRange, currency: string, teamId: string): TeamAggregate;
  /** One account's value of an aggregate (for components `for each account`), with how many facts it read. */
  accountAggregate(
    aggregate: FactAggregate,
    range: DayRange,
    currency: string,
    accountId: string,
  ): TeamAggregate;
}

/** One team's value of an aggregate; `facts` is 0 when the team had no facts for it. */
export interface TeamAggregate {
  value: number | null;
  facts: number;
}

const EXCLUDE_SAME_GEOGRAPHY = 1;
const EXCLUDE_SAME_VERTICAL = 2;
/** The match of an individual aggregate that names none: the participant's own credits. */
const CREDITED_ONLY: readonly IndividualMatch[] = ['credited'];

/** A cached individual result and what it was computed for (see `individualStats`). */
interface IndividualEntry {
  readonly mask: number;
  readonly credited: boolean;
  readonly teamId: string | null;
  readonly geography: string | undefined;
  readonly vertical: string | undefined;
  readonly result: IndividualStats;
}

/** Shares loaded columns and the org between all plans, periods and participants of a run. */
export class MeasureContext implements MeasureSource {
  readonly errors: MeasureError[] = [];
  private readonly reportedFacts = new Set<string>();
  private readonly partials = new Map<string, Partials>();
  private readonly partialsByAggregate = new WeakMap<FactAggregate, Map<string, Partials>>();
  /** Individual statistics by partials and subject: a backtest's candidates ask for the same ones. */
  /**
   * Individual results by partials, then by participant id; the few entries of a participant
   * (one per stretch's team and match) are compared field by field, because a string key built
   * per call cost more than the cache saved in a run that does not share its context.
   */
  private readonly individuals = new WeakMap<Partials, Map<string, IndividualEntry[]>>();
  private readonly teamIndex: ReadonlyMap<string, number>;
  private readonly fields: Map<string, FieldValues>;
  private readonly teamAccounts = new Map<string, Int32Array>();
  /** Accounts of a set of managed teams, by the sorted team ids joined. */
  private readonly managedAccountsCache = new Map<string, Int32Array>();
  private readonly teamIds: readonly string[];
  /** Per account code: a code for its geography / vertical (shared with participants), -1 unknown. */
  private readonly accountGeography: Int32Array;
  private readonly accountVertical: Int32Array;
  private readonly participantGeography: Int32Array;
  private readonly participantVertical: Int32Array;
  /** Per account code: its team's index in `teamIds`, -1 when unknown. */
  private readonly accountTeam: Int32Array;
  /** Per participant code: their only team's index; -1 none; -2 several (they moved). */
  private readonly participantTeam: Int32Array;
  private readonly attributeCodes = new Map<string, number>();
  private readonly splits: Map<FieldValues, Map<number, Float64Array>>;

  constructor(
    readonly columns: FactColumns,
    org: OrgSnapshot,
    private readonly fx: FxRates,
  ) {
    const derived = derivedColumns(columns, fx);
    this.fields = derived.fields;
    this.splits = derived.splits;
    const n = columns.accountDictionary.length;
    this.accountGeography = new Int32Array(n).fill(-1);
    this.accountVertical = new Int32Array(n).fill(-1);
    const byTeam = new Map<string, number[]>();
    for (const account of org.accounts) {
      const code = columns.accountCode(account.id);
      if (code < 0) continue;
      this.accountGeography[code] = this.attributeCode(`g:${account.geography}`);
      this.accountVertical[code] = this.attributeCode(`v:${account.vertical}`);
      const list = byTeam.get(account.teamId) ?? [];
      list.push(code);
      byTeam.set(account.teamId, list);
    }
    for (const [teamId, codes] of byTeam) this.teamAccounts.set(teamId, Int32Array.from(codes).sort());
    this.teamIds = org.teams.map((t) => t.id).sort();
    const teamIndex = new Map(this.teamIds.map((id, i) => [id, i]));
    this.teamIndex = teamIndex;
    this.accountTeam = new Int32Array(n).fill(-1);
    for (const account of org.accounts) {
      const code = columns.accountCode(account.id);
      if (code >= 0) this.accountTeam[code] = teamIndex.get(account.teamId) ?? -1;
    }
    this.participantTeam = new Int32Array(columns.participantDictionary.length).fill(-1);
    for (const membership of org.memberships) {
      if (membership.manages) continue; // a team overseen is not the participant's own
      const code = columns.participantCode(membership.participantId);
      const team = teamIndex.get(membership.teamId) ?? -1;
      if (code < 0) continue;
      const current = this.participantTeam[code] as number;
      this.participantTeam[code] = current === -1 || current === team ? team : -2;
    }
    const p = columns.participantDictionary.length;
    this.participantGeography = new Int32Array(p).fill(-2);
    this.participantVertical = new Int32Array(p).fill(-2);
    for (const participant of org.participants) {
      const code = columns.participantCode(participant.id);
      if (code < 0) continue;
      this.participantGeography[code] = this.attributeCode(`g:${participant.geography}`);
      this.participantVertical[code] = this.attributeCode(`v:${participant.vertical}`);
    }
  }

  /** The value of an aggregate for a subject over a window; null when undefined (no facts for average/min/max, no team). */
  aggregate(
    aggregate: FactAggregate,
    range: DayRange,
    currency: string,
    subject: MeasureSubject,
  ): number | null {
    switch (aggregate.scope) {
      case 'team':
        return this.teamValue(aggregate, range, currency, subject.teamId);
      case 'individual':
        return this.individualValue(aggregate, range, currency, subject);
      case 'managed teams': {
        const partials = this.partialsFor(aggregate, range, currency, 0);
        return finish(aggregate.aggregation, this.sumAccounts(partials, this.managedAccounts(subject)));
      }
      default:
        // An account scope is answered account by account (`accountAggregate`), and anything else
        // is outside the contract: measuring the team instead would pay the wrong amount silently.
        throw new Error(
          `The aggregate '${aggregate.key}' has scope '${String(aggregate.scope)}'; a participant's aggregates are 'team' or 'individual'.`,
        );
    }
  }

  /** The values of a fact list for a subject over a window, in date order. */
  factList(list: FactList, range: DayRange, currency: string, subject: MeasureSubject): FactListValues {
    const columns = this.columns;
    const kind = columns.kindCode(list.factKind);
    const out: FactListValues = { rows: [], values: [] };
    if (kind < 0) return out;
    const field = this.field(list.field, currency);
    const filter = compileFilters(columns, list.filters);
    const take = (row: number, value: number, credit: CreditShare | null = null) => {
      if (columns.kinds[row] !== kind || (filter && !filter(row))) return;
      if (Number.isNaN(value)) {
        this.reportUnconvertible(field, row, list.field, currency);
        return;
      }
      if (credit && !out.credits) out.credits = out.rows.map(() => null);
      out.rows.push(row);
      out.values.push(value);
      out.credits?.push(credit);
    };
    const accounts = this.matchingTeamAccounts(list.scope, list.individualMatch, subject);
    const taken = new Set<number>();
    for (const account of accounts) {
      const rows = columns.rowsByAccount.items;
      const from = lowerBoundRows(
        rows,
        columns.rowsByAccount.start[account] as number,
        columns.rowsByAccount.start[account + 1] as number,
        columns.dates,
        range.start,
      );
      const to = lowerBoundRows(
        rows,
        from,
        columns.rowsByAccount.start[account + 1] as number,
        columns.dates,
        range.end + 1,
      );
      for (let i = from; i < to; i++) {
        const row = rows[i] as number;
        taken.add(row);
        take(row, field.values[row] as number);
      }
    }
    const match = list.individualMatch ?? ['credited'];
    const participant = columns.participantCode(subject.participantId);
    if (list.scope === 'individual' && match.includes('credited') && participant >= 0) {
      const entries = columns.creditsByParticipant.items;
      const start = columns.creditsByParticipant.start[participant] as number;
      const end = columns.creditsByParticipant.start[participant + 1] as number;
      for (let i = start; i < end; i++) {
        const entry = entries[i] as number;
        const row = columns.creditRow[entry] as number;
        const day = columns.dates[row] as number;
        if (day < range.start) continue;
        if (day > range.end) break;
        if (taken.has(row)) continue;
        const credited = this.creditedValue(field, row, entry);
        take(row, credited, this.sharedCredit(field, row, entry, credited));
      }
    }
    if (taken.size > 0 && list.scope === 'individual') {
      // Account rows and credited rows were gathered separately; restore date order.
      const order = out.rows
        .map((_, i) => i)
        .sort((a, b) => (out.rows[a] as number) - (out.rows[b] as number));
      return reordered(out, order);
    }
    if (accounts.length > 1) {
      const order = out.rows
        .map((_, i) => i)
        .sort((a, b) => (out.rows[a] as number) - (out.rows[b] as number));
      return reordered(out, order);
    }
    return out;
  }

  /** The values of a fact list with their fact ids, in date order. */
  factEntries(list: FactList, range: DayRange, currency: string, subject: MeasureSubject): FactListEntries {
    const { rows, values, credits } = this.factList(list, range, currency, subject);
    const factIds = rows.map((row) => this.columns.ids[row] as string);
    const days = rows.map((row) => this.columns.dates[row] as number);
    return credits ? { factIds, values, days, credits } : { factIds, values, days };
  }

  /** The credit entry's share and the fact's whole value when the fact is credited to several people; else null. */
  private sharedCredit(
    field: FieldValues,
    row: number,
    entry: number,
    creditedMinor: number,
  ): CreditShare | null {
    const columns = this.columns;
    const from = columns.creditStart[row] as number;
    const to = columns.creditStart[row + 1] as number;
    if (to - from < 2) return null;
    // Shares out of their sum, as the split itself takes them (see `splitSharesInto`).
    let total = 0;
    for (let e = from; e < to; e++) total += Math.max(columns.creditShare[e] as number, 0);
    const share = total > 0 ? Math.max(columns.creditShare[entry] as number, 0) / total : 0;
    return { share, fullMinor: field.values[row] as number, creditedMinor };
  }

  /** A participant's split of one credited fact's value (money by largest remainder, to the cent). */
  creditedValue(field: FieldValues, row: number, entry: number): number {
    const columns = this.columns;
    if ((columns.creditStart[row + 1] as number) - (columns.creditStart[row] as number) === 1) {
      return field.values[row] as number;
    }
    return this.allocations(field, columns.kinds[row] as number)[entry] as number;
  }

  /**
   * Every credit entry's split of a field on the facts of one kind, computed once per field,
   * currency and kind: money by largest remainder so a fact's splits add up to it exactly,
   * other numbers by share.
   */
  private allocations(field: FieldValues, kind: number): Float64Array {
    let byKind = this.splits.get(field);
    if (!byKind) {
      byKind = new Map();
      this.splits.set(field, byKind);
    }
    let split = byKind.get(kind);
    if (split) return split;
    const columns = this.columns;
    split = new Float64Array(columns.creditParticipant.length);
    for (const row of columns.rowsByKind[kind] ?? []) {
      const from = columns.creditStart[row] as number;
      const to = columns.creditStart[row + 1] as number;
      if (to - from < 2) continue;
      const value = field.values[row] as number;
      if (Number.isNaN(value)) continue;
      if (field.money) splitSharesInto(value, columns.creditShare, from, to, split, from);
      else {
        let total = 0;
        for (let e = from; e < to; e++) total += columns.creditShare[e] as number;
        for (let e = from; e < to; e++)
          split[e] = total > 0 ? (value * (columns.creditShare[e] as number)) / total : 0;
      }
    }
    byKind.set(kind, split);
    return split;
  }

  /** A field's values in a currency, converted once per run. */
  field(name: string, currency: string): FieldValues {
    const key = `${name}|${currency}`;
    let values = this.fields.get(key);
    if (!values) {
      values = fieldValues(this.columns, name, currency, this.fx);
      this.fields.set(key, values);
    }
    return values;
  }

  private teamValue(
    aggregate: FactAggregate,
    range: DayRange,
    currency: string,
    teamId: string | null,
  ): number | null {
    if (teamId === null) return finish(aggregate.aggregation, emptyStats());
    const partials = this.partialsFor(aggregate, range, currency, 0);
    return finish(aggregate.aggregation, this.sumAccounts(partials, this.teamAccounts.get(teamId) ?? EMPTY));
  }

  /** A team's value of an aggregate over all its accounts, whatever the aggregate's scope says. */
  teamAggregate(aggregate: FactAggregate, range: DayRange, currency: string, teamId: string): TeamAggregate {
    const partials = this.partialsFor(aggregate, range, currency, 0);
    const stats = this.sumAccounts(partials, this.teamAccounts.get(teamId) ?? EMPTY);
    return { value: finish(aggregate.aggregation, stats), facts: stats.count };
  }

  /** One account's value of an aggregate over its facts, as a team's but for that account alone. */
  accountAggregate(
    aggregate: FactAggregate,
    range: DayRange,
    currency: string,
    accountId: string,
  ): TeamAggregate {
    const code = this.columns.accountCode(accountId);
    const partials = this.partialsFor(aggregate, range, currency, 0);
    const stats = this.sumAccounts(partials, code < 0 ? EMPTY : Int32Array.of(code));
    return { value: finish(aggregate.aggregation, stats), facts: stats.count };
  }

  /**
   * `aggregate`, with the subject's part of the credited facts when some of them are shared
   * with others (sums of money in individual scope; for explanations), computed in one pass.
   */
  aggregateWithCredit(
    aggregate: FactAggregate,
    range: DayRange,
    currency: string,
    subject: MeasureSubject,
  ): { value: number | null; credit: CreditShare | null } {
    if (aggregate.scope !== 'individual') {
      return { value: this.aggregate(aggregate, range, currency, subject), credit: null };
    }
    const { stats, credited } = this.individualStats(aggregate, range, currency, subject);
    const value = finish(aggregate.aggregation, stats);
    const { fullMinor, creditedMinor } = credited;
    const shared =
      aggregate.aggregation === 'sum' &&
      aggregate.field !== null &&
      fullMinor !== creditedMinor &&
      fullMinor !== 0 &&
      this.field(aggregate.field, currency).money;
    return { value, credit: shared ? { share: creditedMinor / fullMinor, fullMinor, creditedMinor } : null };
  }

  private individualValue(
    aggregate: FactAggregate,
    range: DayRange,
    currency: string,
    subject: MeasureSubject,
  ): number | null {
    return finish(aggregate.aggregation, this.individualStats(aggregate, range, currency, subject).stats);
  }

  /** An individual's statistics, and the whole and credited value of the facts credited to them. */
  private individualStats(
    aggregate: FactAggregate,
    range: DayRange,
    currency: string,
    subject: MeasureSubject,
  ): IndividualStats {
    const match = aggregate.individualMatch ?? CREDITED_ONLY;
    const byGeography = match.includes('geography');
    const byVertical = match.includes('vertical');
    const mask = (byGeography ? EXCLUDE_SAME_GEOGRAPHY : 0) | (byVertical ? EXCLUDE_SAME_VERTICAL : 0);
    const partials = this.partialsFor(aggregate, range, currency, mask);
    // The partials stand for the aggregate's facts, window and currency; the rest of the result
    // depends only on the match and the subject. Problems found on the way (missing rates) are
    // reported once per context anyway, so a cached result loses none.
    let byParticipant = this.individuals.get(partials);
    if (!byParticipant) {
      byParticipant = new Map();
      this.individuals.set(partials, byParticipant);
    }
    const credited = match.includes('credited');
    // Geography and vertical change the result only when the match reads them.
    const geography = byGeography ? subject.geography : undefined;
    const vertical = byVertical ? subject.vertical : undefined;
    let entries = byParticipant.get(subject.participantId);
    if (!entries) {
      entries = [];
      byParticipant.set(subject.participantId, entries);
    }
    for (const entry of entries) {
      if (
        entry.mask === mask &&
        entry.credited === credited &&
        entry.teamId === subject.teamId &&
        entry.geography === geography &&
        entry.vertical === vertical
      ) {
        return entry.result;
      }
    }
    const result = this.computeIndividualStats(partials, match, mask, aggregate, range, currency, subject);
    entries.push({ mask, credited, teamId: subject.teamId, geography, vertical, result });
    return result;
  }

  private computeIndividualStats(
    partials: Partials,
    match: readonly IndividualMatch[],
    mask: number,
    aggregate: FactAggregate,
    range: DayRange,
    currency: string,
    subject: MeasureSubject,
  ): IndividualStats {
    const stats = this.sumAccounts(partials, this.matchingTeamAccounts('individual', match, subject));
    const participant = this.columns.participantCode(subject.participantId);
    const teamIndex = subject.teamId === null ? -1 : (this.teamIndex.get(subject.teamId) ?? -1);
    const before = { sum: stats.sum, fullSum: stats.fullSum };
    if (
      match.includes('credited') &&
      participant >= 0 &&
      mask !== 0 &&
      this.participantTeam[participant] !== teamIndex
    ) {
      // The pass left out credits on the accounts of the participant's only team; someone who
      // moved, or is between teams, needs their credits checked against this stretch's team.
      this.addOwnCredits(aggregate, range, currency, participant, mask, teamIndex, stats);
    } else if (match.includes('credited') && participant >= 0) {
      if (partials.missingRate) {
        this.reportMissing(partials.missingRate, partials.missingRate.byParticipant.get(participant));
      }
      stats.sum += partials.creditSum[participant] as number;
      stats.count += partials.creditCount[participant] as number;
      stats.fullSum += partials.creditFullSum[participant] as number;
      stats.min = Math.min(stats.min, partials.creditMin[participant] as number);
      stats.max = Math.max(stats.max, partials.creditMax[participant] as number);
    }
    const credited = { fullMinor: stats.fullSum - before.fullSum, creditedMinor: stats.sum - before.sum };
    return { stats, credited };
  }

  /** Team accounts a scope reads for a subject: all of them for team scope, matching ones for individual scope. */
  private matchingTeamAccounts(
    scope: FactAggregate['scope'],
    match: readonly IndividualMatch[] | undefined,
    subject: MeasureSubject,
  ): Int32Array {
    if (scope === 'managed teams') return this.managedAccounts(subject);
    if (subject.teamId === null) return EMPTY;
    const accounts = this.teamAccounts.get(subject.teamId) ?? EMPTY;
    if (scope !== 'individual') return accounts;
    const byGeography = (match ?? []).includes('geography');
    const byVertical = (match ?? []).includes('vertical');
    if (!byGeography && !byVertical) return EMPTY;
    const geography = this.attributeCodes.get(`g:${subject.geography}`) ?? -3;
    const vertical = this.attributeCodes.get(`v:${subject.vertical}`) ?? -3;
    return accounts.filter(
      (a) =>
        (byGeography && this.accountGeography[a] === geography) ||
        (byVertical && this.accountVertical[a] === vertical),
    );
  }

  /** The accounts of every team the subject manages (an account belongs to one team, so none twice). */
  private managedAccounts(subject: MeasureSubject): Int32Array {
    const teams = subject.managedTeamIds ?? [];
    if (teams.length === 0) return EMPTY;
    if (teams.length === 1) return this.teamAccounts.get(teams[0] as string) ?? EMPTY;
    const key = teams.join('\u0000');
    let accounts = this.managedAccountsCache.get(key);
    if (!accounts) {
      const codes: number[] = [];
      for (const team of teams) codes.push(...(this.teamAccounts.get(team) ?? EMPTY));
      accounts = Int32Array.from(codes).sort();
      this.managedAccountsCache.set(key, accounts);
    }
    return accounts;
  }

  private sumAccounts(partials: Partials, accounts: Int32Array): Stats {
    if (partials.missingRate) {
      for (const a of accounts)
        this.reportMissing(partials.missingRate, partials.missingRate.byAccount.get(a));
    }
    const stats = emptyStats();
    for (const a of accounts) {
      stats.sum += partials.accountSum[a] as number;
      stats.count += partials.accountCount[a] as number;
      stats.min = Math.min(stats.min, partials.accountMin[a] as number);
      stats.max = Math.max(stats.max, partials.accountMax[a] as number);
    }
    stats.fullSum = stats.sum;
    return stats;
  }

  /** One pass over the kind's rows in the window; cached by everything that changes the result. */
  private partialsFor(aggregate: FactAggregate, range: DayRange, currency: string, mask: number): Partials {
    // Asked once per aggregate per statement: found by the aggregate object and numbers first,
    // so the string key (shared by aggregates that differ only in name) is built once per window.
    let byWindow = this.partialsByAggregate.get(aggregate);
    if (!byWindow) {
      byWindow = new Map();
      this.partialsByAggregate.set(aggregate, byWindow);
    }
    const windowKey = `${range.start}|${range.end}|${currency}|${mask}`;
    let found = byWindow.get(windowKey);
    if (!found) {
      found = this.computePartials(aggregate, range, currency, mask);
      byWindow.set(windowKey, found);
    }
    return found;
  }

  private computePartials(
    aggregate: FactAggregate,
    range: DayRange,
    currency: string,
    mask: number,
  ): Partials {
    const key = [
      aggregate.factKind,
      aggregate.field ?? '',
      filtersKey(aggregate.filters),
      range.start,
      range.end,
      currency,
      mask,
    ].join('|');
    let partials = this.partials.get(key);
    if (partials) return partials;
    const columns = this.columns;
    const accounts = columns.accountDictionary.length;
    const participants = columns.participantDictionary.length;
    partials = {
      accountSum: new Float64Array(accounts),
      accountCount: new Float64Array(accounts),
      accountMin: new Float64Array(accounts).fill(Number.POSITIVE_INFINITY),
      accountMax: new Float64Array(accounts).fill(Number.NEGATIVE_INFINITY),
      creditSum: new Float64Array(participants),
      creditCount: new Float64Array(participants),
      creditFullSum: new Float64Array(participants),
      creditMin: new Float64Array(participants).fill(Number.POSITIVE_INFINITY),
      creditMax: new Float64Array(participants).fill(Number.NEGATIVE_INFINITY),
      missingRate: null,
    };
    this.partials.set(key, partials);
    const kind = columns.kindCode(aggregate.factKind);
    if (kind < 0) return partials;
    const rows = columns.rowsByKind[kind] as Int32Array;
    const from = lowerBoundRows(rows, 0, rows.length, columns.dates, range.start);
    const to = lowerBoundRows(rows, from, rows.length, columns.dates, range.end + 1);
    const filter = compileFilters(columns, aggregate.filters);
    const field = aggregate.field === null ? null : this.field(aggregate.field, currency);
    const values = field?.values ?? null;
    const { accountSum, accountCount, accountMin, accountMax } = partials;
    const { creditSum, creditCount, creditFullSum, creditMin, creditMax } = partials;
    const { creditStart, creditParticipant, accounts: accountOf } = columns;
    const split = field === null ? null : this.allocations(field, kind);
    for (let i = from; i < to; i++) {
      const row = rows[i] as number;
      if (filter !== null && !filter(row)) continue;
      // `count` counts facts; the other aggregations skip facts without the field.
      const value = values === null ? 1 : (values[row] as number);
      if (Number.isNaN(value)) {
        if (field?.unconvertible?.[row] === 1) {
          partials.missingRate ??= {
            field,
            name: aggregate.field ?? '',
            currency,
            byAccount: new Map(),
            byParticipant: new Map(),
          };
          addMissing(partials.missingRate, row, columns);
        }
        continue;
      }
      const account = accountOf[row] as number;
      accountSum[account]! += value;
      accountCount[account]! += 1;
      if (value < (accountMin[account] as number)) accountMin[account] = value;
      if (value > (accountMax[account] as number)) accountMax[account] = value;
      const firstCredit = creditStart[row] as number;
      const lastCredit = creditStart[row + 1] as number;
      for (let e = firstCredit; e < lastCredit; e++) {
        const participant = creditParticipant[e] as number;
        if (mask !== 0 && this.creditExcluded(mask, account, participant)) continue;
        const share = lastCredit - firstCredit === 1 || split === null ? value : (split[e] as number);
        creditSum[participant]! += share;
        creditCount[participant]! += 1;
        creditFullSum[participant]! += value;
        if (value < (creditMin[participant] as number)) creditMin[participant] = value;
        if (value > (creditMax[participant] as number)) creditMax[participant] = value;
      }
    }
    return partials;
  }

  /**
   * With credited + geography/vertical, a credited fact on a matching account of the
   * participant's team is already counted in full through the team's accounts.
   */
  private creditExcluded(mask: number, account: number, participant: number): boolean {
    const team = this.participantTeam[participant] as number;
    if (team < 0 || this.accountTeam[account] !== team) return false;
    return this.matchesParticipant(mask, account, participant);
  }

  private matchesParticipant(mask: number, account: number, participant: number): boolean {
    return (
      ((mask & EXCLUDE_SAME_GEOGRAPHY) !== 0 &&
        this.accountGeography[account] === this.participantGeography[participant]) ||
      ((mask & EXCLUDE_SAME_VERTICAL) !== 0 &&
        this.accountVertical[account] === this.participantVertical[participant])
    );
  }

  /** Adds a participant's credits from their own credit index, excluding those counted through `teamIndex`'s accounts. */
  private addOwnCredits(
    aggregate: FactAggregate,
    range: DayRange,
    currency: string,
    participant: number,
    mask: number,
    teamIndex: number,
    stats: Stats,
  ): void {
    const columns = this.columns;
    const kind = columns.kindCode(aggregate.factKind);
    if (kind < 0) return;
    const filter = compileFilters(columns, aggregate.filters);
    const field = aggregate.field === null ? null : this.field(aggregate.field, currency);
    const { items, start } = columns.creditsByParticipant;
    for (let i = start[participant] as number; i < (start[participant + 1] as number); i++) {
      const entry = items[i] as number;
      const row = columns.creditRow[entry] as number;
      const day = columns.dates[row] as number;
      if (day < range.start) continue;
      if (day > range.end) break;
      if (columns.kinds[row] !== kind || (filter !== null && !filter(row))) continue;
      const account = columns.accounts[row] as number;
      if (
        teamIndex >= 0 &&
        this.accountTeam[account] === teamIndex &&
        this.matchesParticipant(mask, account, participant)
      ) {
        continue;
      }
      const value = field === null ? 1 : (field.values[row] as number);
      if (Number.isNaN(value)) {
        if (field !== null) this.reportUnconvertible(field, row, aggregate.field ?? '', currency);
        continue;
      }
      stats.sum += field === null ? value : this.creditedValue(field, row, entry);
      stats.count += 1;
      stats.fullSum += value;
      stats.min = Math.min(stats.min, value);
      stats.max = Math.max(stats.max, value);
    }
  }

  private reportMissing(missing: MissingRate, rows: readonly number[] | undefined): void {
    if (!rows) return;
    for (const row of rows) this.reportUnconvertible(missing.field, row, missing.name, missing.currency);
  }

  private reportUnconvertible(field: FieldValues, row: number, name: string, currency: string): void {
    if (field.unconvertible?.[row] !== 1) return;
    const factId = this.columns.ids[row] as string;
    if (this.reportedFacts.has(factId)) return;
    this.reportedFacts.add(factId);
    const code = this.columns.currencies[row] as number;
    this.errors.push({
      code: 'missing-fx-rate',
      factId,
      message: conversionMessage(this.columns, row, name, currency, this.fx),
      ...(code >= 0
        ? {
            pair: `${this.columns.currencyDictionary[code]}/${currency}`,
            date: formatDay(this.columns.dates[row] as number),
          }
        : {}),
    });
  }

  private attributeCode(key: string): number {
    let code = this.attributeCodes.get(key);
    if (code === undefined) {
      code = this.attributeCodes.size;
      this.attributeCodes.set(key, code);
    }
    return code;
  }
}

const EMPTY = new Int32Array(0);

/** Files a row without a rate under its account and the participants credited on it. */
function addMissing(missing: MissingRate, row: number, columns: FactColumns): void {
  const add = (map: Map<number, number[]>, key: number) => {
    const rows = map.get(key);
    if (rows) rows.push(row);
    else map.set(key, [row]);
  };
  add(missing.byAccount, columns.accounts[row] as number);
  for (let e = columns.creditStart[row] as number; e < (columns.creditStart[row + 1] as number); e++) {
    add(missing.byParticipant, columns.creditParticipant[e] as number);
  }
}

/** A fact list's rows, values and credits in the order given. */
function reordered(list: FactListValues, order: readonly number[]): FactListValues {
  const rows = order.map((i) => list.rows[i] as number);
  const values = order.map((i) => list.values[i] as number);
  const credits = list.credits;
  return credits ? { rows, values, credits: order.map((i) => credits[i] ?? null) } : { rows, values };
}

interface DerivedColumns {
  fields: Map<string, FieldValues>;
  splits: Map<FieldValues, Map<number, Float64Array>>;
}

/**
 * Converted fields and credit splits depend only on the (immutable) columns and the rates, so
 * they are kept with the columns: later runs over the same loaded facts (other plans, periods,
 * backtests) reuse them.
 */
const derivedByColumns = new WeakMap<FactColumns, Map<string, DerivedColumns>>();

function derivedColumns(columns: FactColumns, fx: FxRates): DerivedColumns {
  let byRates = derivedByColumns.get(columns);
  if (!byRates) {
    byRates = new Map();
    derivedByColumns.set(columns, byRates);
  }
  const key = JSON.stringify(Object.entries(fx).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  let derived = byRates.get(key);
  if (!derived) {
    derived = { fields: new Map(), splits: new Map() };
    byRates.set(key, derived);
  }
  return derived;
}

function emptyStats(): Stats {
  return { sum: 0, count: 0, fullSum: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
}

/** Sum and count of no facts are 0; average, min and max of no facts are undefined (null). */
function finish(aggregation: Aggregation, stats: Stats): number | null {
  switch (aggregation) {
    case 'sum':
      return stats.sum;
    case 'count':
      return stats.count;
    case 'average':
      return stats.count === 0 ? null : stats.fullSum / stats.count;
    case 'min':
      return stats.count === 0 ? null : stats.min;
    case 'max':
      return stats.count === 0 ? null : stats.max;
  }
}

/** First position in `rows[from..to)` whose date is >= day (rows are in date order). */
function lowerBoundRows(rows: Int32Array, from: number, to: number, dates: Int32Array, day: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((dates[rows[mid] as number] as number) < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
