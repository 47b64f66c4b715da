/**
 * The words and symbols of the plan language. Keywords are case-insensitive; phrases such as
 * "year to date" are single tokens so the grammar reads like the sentences admins write.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v\u00a0]+/,
  group: Lexer.SKIPPED,
});
/** Kept in their own group so the formatter can put them back. */
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n\r]*/, group: 'comments' });

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

const allKeywords: TokenType[] = [];

/** A keyword of one or more words, matched case-insensitively, never as the prefix of a longer name. */
function keyword(name: string, phrase: string, label = `'${phrase}'`): TokenType {
  const words = phrase.split(' ').map((w) => w.replace(/[-/]/g, (c) => `\\${c}`));
  const token = createToken({
    name,
    pattern: new RegExp(`${words.join('[ \\t\\r\\n]+')}(?![A-Za-z0-9_])`, 'i'),
    label,
    longer_alt: Identifier,
    start_chars_hint: [phrase.charAt(0).toLowerCase(), phrase.charAt(0).toUpperCase()],
  });
  allKeywords.push(token);
  return token;
}

// Multi-word phrases come before their first word so that the longest phrase wins.
export const UpToAndIncluding = keyword('UpToAndIncluding', 'up to and including');
export const UpTo = keyword('UpTo', 'up to');
export const PriorPeriod = keyword('PriorPeriod', 'prior period');
export const SamePeriodLastYear = keyword('SamePeriodLastYear', 'same period last year');
export const YearToDate = keyword('YearToDate', 'year to date');
export const TargetIncentive = keyword('TargetIncentive', 'target incentive');
export const BaseSalary = keyword('BaseSalary', 'base salary');
export const DaysEmployed = keyword('DaysEmployed', 'days employed');
export const PerDeal = keyword('PerDeal', 'per deal');
export const TiersByWholeDeal = keyword('TiersByWholeDeal', 'tiers by whole deal');
export const TiersByCreditedShare = keyword('TiersByCreditedShare', 'tiers by credited share');
export const OnThePeriodTotal = keyword('OnThePeriodTotal', 'on the period total');
export const OnRunningTotal = keyword('OnRunningTotal', 'on the running total');
export const CappedAt = keyword('CappedAt', 'capped at');
export const AtLeast = keyword('AtLeast', 'at least');
export const IsAtLeast = keyword('IsAtLeast', 'is at least');
export const IsAtMost = keyword('IsAtMost', 'is at most');
export const IsBelow = keyword('IsBelow', 'is below');
export const IsAbove = keyword('IsAbove', 'is above');
export const IsOneOf = keyword('IsOneOf', 'is one of');
export const IsNot = keyword('IsNot', 'is not');
export const AllTeamsCombined = keyword('AllTeamsCombined', 'all teams combined');
export const AllTeams = keyword('AllTeams', 'all teams');
export const OnThisPlan = keyword('OnThisPlan', 'on this plan');
export const AllComponents = keyword('AllComponents', 'all components');
export const TeamComponents = keyword('TeamComponents', 'team components');
export const IndividualComponents = keyword('IndividualComponents', 'individual components');
export const EachAccount = keyword('EachAccount', 'each account');
export const ManagedTeams = keyword('ManagedTeams', 'managed teams');
export const ClawBack = keyword('ClawBack', 'claw back');
export const PaidEarlier = keyword('PaidEarlier', 'paid earlier');
// Draws: 'draw 1,000 per month, recoverable, from 2026-01 to 2026-06, recovery capped at 500 per month'.
export const NotRecoverable = keyword('NotRecoverable', 'not recoverable');
export const RecoveryFrom = keyword('RecoveryFrom', 'recovery from');
export const RecoveryCappedAt = keyword('RecoveryCappedAt', 'recovery capped at');
export const DealsOf = keyword('DealsOf', 'deals of');
export const TrueUp = keyword('TrueUp', 'true-up');
export const CreditSplits = keyword('CreditSplits', 'credit splits');
export const LargestRemainder = keyword('LargestRemainder', 'largest remainder');
export const NotProrated = keyword('NotProrated', 'not prorated');
// 'convert to pay currency at fact date': phrases, so 'fact', 'payment' or 'convert' alone stay valid names.
export const ConvertToPayCurrency = keyword('ConvertToPayCurrency', 'convert to pay currency');
export const FactDate = keyword('FactDate', 'fact date');
export const PaymentDate = keyword('PaymentDate', 'payment date');
// Quota rules of a goal in the header: phrases, so 'ramp' or 'seasonal' alone stay valid names.
export const SeasonalWeights = keyword('SeasonalWeights', 'seasonal weights');
export const RampByMonthOfTenure = keyword('RampByMonthOfTenure', 'ramp by month of tenure');
export const ProratedBy = keyword('ProratedBy', 'prorated by');
export const HalfEven = keyword('HalfEven', 'half-even');
export const HalfUp = keyword('HalfUp', 'half-up');
export const DayCount = createToken({
  name: 'DayCount',
  pattern: /actual\/actual|actual\/365|30\/360/i,
  label: "a day count ('actual/actual', 'actual/365' or '30/360')",
});

export const Plan = keyword('Plan', 'plan');
export const Period = keyword('Period', 'period');
export const Currency = keyword('Currency', 'currency');
export const Annual = keyword('Annual', 'annual');
export const Rounding = keyword('Rounding', 'rounding');
export const Down = keyword('Down', 'down');
export const Up = keyword('Up', 'up');
export const Measure = keyword('Measure', 'measure');
export const Component = keyword('Component', 'component');
export const Weight = keyword('Weight', 'weight');
export const For = keyword('For', 'for');
export const Pays = keyword('Pays', 'pays');
export const Pay = keyword('Pay', 'pay');
export const Curve = keyword('Curve', 'curve');
export const Table = keyword('Table', 'table');
export const Rates = keyword('Rates', 'rates');
export const Columns = keyword('Columns', 'columns');
export const On = keyword('On', 'on');
export const Against = keyword('Against', 'against');
export const Marginal = keyword('Marginal', 'marginal');
export const Retroactive = keyword('Retroactive', 'retroactive');
export const Below = keyword('Below', 'below');
export const Above = keyword('Above', 'above');
export const From = keyword('From', 'from');
export const To = keyword('To', 'to');
export const When = keyword('When', 'when');
export const Unless = keyword('Unless', 'unless');
export const Multiply = keyword('Multiply', 'multiply');
export const By = keyword('By', 'by');
export const Cap = keyword('Cap', 'cap');
export const At = keyword('At', 'at');
export const Total = keyword('Total', 'total');
export const Within = keyword('Within', 'within');
export const Days = keyword('Days', 'days');
export const Example = keyword('Example', 'example');
export const Given = keyword('Given', 'given');
export const Expect = keyword('Expect', 'expect');
export const Goal = keyword('Goal', 'goal');
export const Where = keyword('Where', 'where');
export const And = keyword('And', 'and');
export const Or = keyword('Or', 'or');
export const Not = keyword('Not', 'not');
export const Is = keyword('Is', 'is');
export const Reaches = keyword('Reaches', 'reaches');
export const In = keyword('In', 'in');
export const Of = keyword('Of', 'of');
export const Team = keyword('Team', 'team');
export const Individual = keyword('Individual', 'individual');
export const Plus = keyword('Plus', 'plus');
export const Geography = keyword('Geography', 'geography');
export const Vertical = keyword('Vertical', 'vertical');
export const True = keyword('True', 'true');
export const False = keyword('False', 'false');
export const PeriodKindToken = keyword('Month', 'month');
export const Quarter = keyword('Quarter', 'quarter');
export const Half = keyword('Half', 'half');
export const Year = keyword('Year', 'year');
// Population statistics: "mean of churn_rate over teams on this plan".
export const Mean = keyword('Mean', 'mean');
export const Median = keyword('Median', 'median');
export const Pooled = keyword('Pooled', 'pooled');
export const Over = keyword('Over', 'over');
export const Teams = keyword('Teams', 'teams');
export const Draw = keyword('Draw', 'draw');
export const Per = keyword('Per', 'per');
export const Recoverable = keyword('Recoverable', 'recoverable');
// Holds: 'hold "New business" until payment'.
export const Hold = keyword('Hold', 'hold');
export const Until = keyword('Until', 'until');
// A component's stable identity: 'component "New business" code "NB"'. A keyword only before a
// quoted code, so 'code' stays a valid measure or attribute name ('where code is "X"').
export const Code = createToken({
  name: 'Code',
  pattern: /code(?=[ \t\r\n]*")/i,
  label: "'code'",
  longer_alt: Identifier,
  start_chars_hint: ['c', 'C'],
});
allKeywords.push(Code);
export const AggregateFunction = createToken({
  name: 'AggregateFunction',
  pattern: /(sum|count|average|minimum|maximum)(?![A-Za-z0-9_])/i,
  label: "'sum', 'count', 'average', 'minimum' or 'maximum'",
  longer_alt: Identifier,
  start_chars_hint: ['s', 'c', 'a', 'm', 'S', 'C', 'A', 'M'],
});

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"[^"\n\r]*"/,
  label: 'a quoted name',
});
export const PercentLiteral = createToken({
  name: 'PercentLiteral',
  pattern: /(\d{1,3}(,\d{3})+|\d+)(\.\d+)?[ \t]*%/,
  label: 'a percentage',
});
/** A period id in a draw's range: '2026-01', '2026-Q1', '2026-H1' (a year is a plain number). */
export const PeriodLiteral = createToken({
  name: 'PeriodLiteral',
  pattern: /\d{4}-(?:[Qq][1-4]|[Hh][12]|\d{2})(?![A-Za-z0-9_])/,
  label: "a period such as '2026-01', '2026-Q1' or '2026-H1'",
});
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /(\d{1,3}(,\d{3})+|\d+)(\.\d+)?/,
  label: 'a number',
});

export const LessEqual = createToken({ name: 'LessEqual', pattern: /<=|≤/, label: "'<='" });
export const GreaterEqual = createToken({ name: 'GreaterEqual', pattern: />=|≥/, label: "'>='" });
export const NotEqual = createToken({ name: 'NotEqual', pattern: /!=|≠/, label: "'!='" });
export const Less = createToken({ name: 'Less', pattern: /</, label: "'<'" });
export const Greater = createToken({ name: 'Greater', pattern: />/, label: "'>'" });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='" });
export const PlusSign = createToken({ name: 'PlusSign', pattern: /\+/, label: "'+'" });
export const MinusSign = createToken({ name: 'MinusSign', pattern: /-|−/, label: "'-'" });
export const Times = createToken({ name: 'Times', pattern: /\*|×/, label: "'*'" });
export const Divide = createToken({ name: 'Divide', pattern: /\/|÷/, label: "'/'" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Bar = createToken({ name: 'Bar', pattern: /\|/, label: "'|'" });
export const Dot = createToken({ name: 'Dot', pattern: /\./, label: "'.'" });
export const LeftParen = createToken({ name: 'LeftParen', pattern: /\(/, label: "'('" });
export const RightParen = createToken({ name: 'RightParen', pattern: /\)/, label: "')'" });

/** Every token, in the order the lexer tries them. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  DayCount,
  ...allKeywords,
  AggregateFunction,
  Identifier,
  StringLiteral,
  PercentLiteral,
  PeriodLiteral,
  NumberLiteral,
  LessEqual,
  GreaterEqual,
  NotEqual,
  Less,
  Greater,
  Equals,
  PlusSign,
  MinusSign,
  Times,
  Divide,
  Colon,
  Comma,
  Bar,
  Dot,
  LeftParen,
  RightParen,
];

/** One lexer for the whole process: building it analyses every pattern, which is slow. */
export const planLexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false });
