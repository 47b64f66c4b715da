/**
 * The grammar, with no semantics: tokens in, a concrete syntax tree out. One instance is built
 * once (building analyses the grammar) and reused for every text, with error recovery on so a
 * single mistake does not hide the rest of the plan's diagnostics.
 *
 * Over 500 lines and kept whole: it is one Chevrotain class whose rules call each other, and
 * the admin-facing messages for its rules sit beside them.
 */
import { CstParser, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import * as t from './tokens.js';

/** What each rule means to an admin, for "expected ..." messages. */
const ruleWords: Record<string, string> = {
  plan: 'the plan header: plan "Name"',
  headerItem:
    "a header line ('period', 'currency', 'target incentive', 'rounding', 'true-up', 'credit splits' or 'convert to pay currency')",
  declaration:
    "a 'measure', 'component', 'when', 'multiply', 'cap', 'claw back', 'draw', 'hold' or 'example'",
  drawPeriod: "a period: 'month', 'quarter', 'half' or 'year'",
  periodRef: "a period such as '2026-01', '2026-Q1', '2026-H1' or '2026'",
  payout:
    "what the component pays: 'curve on ...', 'table of ...', 'rates on ...' or an amount such as '5% of revenue'",
  band: "a band such as 'below 80%: 0%' or 'from 80% up to 100%: 50% to 100%'",
  bandRange: "a band such as 'below 80%', 'from 80% up to 100%' or 'from 150%'",
  primary: "a number, a percentage, a measure name, a goal or an aggregate such as 'sum of order.amount'",
  scope: "a scope: 'team', 'individual', 'each account' or 'managed teams'",
  population:
    'which teams: \'teams on this plan\', \'teams in vertical "Retail"\', \'teams in geography "EMEA"\' or \'teams "T1", "T2"\'',
  window: "a time window: 'period', 'prior period', 'same period last year' or 'year to date'",
  selector:
    "which components: 'all components', 'team components', 'individual components', 'total' or quoted component names",
  comparisonOperator: "a comparison such as '<', '>=', 'is below', 'is at least' or 'reaches'",
  givenTarget:
    "a measure name, 'goal \"Name\"', 'target incentive', 'deals of <measure>' or 'paid earlier \"Component\"'",
  literal: 'a number or a percentage',
};

function describe(tokenType: TokenType): string {
  const label = tokenType.LABEL ?? tokenType.name;
  return label;
}

function found(token: IToken): string {
  return token.image === '' ? 'the end of the plan' : `'${token.image}'`;
}

function after(previous: IToken): string {
  return previous.image ? ` after '${previous.image}'` : '';
}

/** Error messages in the admin's words rather than the grammar's. */
export const planErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous }) {
    if (expected.name === 'EOF') {
      return `Unexpected ${found(actual)}${after(previous)}: expected ${ruleWords.declaration}.`;
    }
    return `Expected ${describe(expected)}${after(previous)}, but found ${found(actual)}.`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `Unexpected ${found(firstRedundant)}: expected ${ruleWords.declaration}.`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, previous, customUserDescription, ruleName }) {
    const wanted =
      customUserDescription ??
      ruleWords[ruleName] ??
      expectedPathsPerAlt
        .flat()
        .map((path) => path.map(describe).join(' '))
        .join(', or ');
    return `Expected ${wanted}${after(previous)}, but found ${found(actual[0]!)}.`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, previous, customUserDescription, ruleName }) {
    const wanted =
      customUserDescription ??
      ruleWords[ruleName] ??
      expectedIterationPaths.map((path) => path.map(describe).join(' ')).join(', or ');
    return `Expected at least one ${wanted}${after(previous)}, but found ${found(actual[0]!)}.`;
  },
};

export class PlanParser extends CstParser {
  constructor() {
    super(t.allTokens, {
      recoveryEnabled: true,
      errorMessageProvider: planErrorMessages,
      maxLookahead: 3,
      // Offsets only: lines and columns are computed from them when the AST is built.
      nodeLocationTracking: 'onlyOffset',
    });
    this.performSelfAnalysis();
  }

  plan = this.RULE('plan', () => {
    this.CONSUME(t.Plan);
    this.CONSUME(t.StringLiteral);
    this.MANY(() => this.SUBRULE(this.headerItem));
    this.MANY2(() => this.SUBRULE(this.declaration));
  });

  headerItem = this.RULE('headerItem', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Period);
          this.OPTION(() => this.CONSUME(t.Colon));
          this.OR2({
            DEF: [
              { ALT: () => this.CONSUME(t.PeriodKindToken) },
              { ALT: () => this.CONSUME(t.Quarter) },
              { ALT: () => this.CONSUME(t.Half) },
              { ALT: () => this.CONSUME(t.Year) },
            ],
            ERR_MSG: "a period: 'month', 'quarter', 'half' or 'year'",
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Currency);
          this.OPTION2(() => this.CONSUME2(t.Colon));
          this.CONSUME(t.Identifier, { LABEL: 'currencyCode' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.TargetIncentive);
          this.OPTION3(() => this.CONSUME3(t.Colon));
          this.OPTION4(() => {
            this.OR7([
              { ALT: () => this.CONSUME(t.Annual) },
              // '8% of base salary': the annual target is a share of the participant's base salary.
              {
                ALT: () => {
                  this.OR8([
                    { ALT: () => this.CONSUME(t.PercentLiteral, { LABEL: 'salaryShare' }) },
                    { ALT: () => this.CONSUME(t.NumberLiteral, { LABEL: 'salaryShare' }) },
                  ]);
                  this.CONSUME(t.Of);
                  this.CONSUME(t.BaseSalary);
                },
              },
            ]);
            this.OPTION5(() => this.CONSUME(t.Comma));
          });
          this.OR3({
            DEF: [
              { ALT: () => this.CONSUME(t.NotProrated) },
              {
                ALT: () => {
                  this.CONSUME(t.ProratedBy);
                  this.CONSUME(t.DaysEmployed);
                  this.OPTION6(() => {
                    this.CONSUME(t.LeftParen);
                    this.CONSUME(t.DayCount);
                    this.CONSUME(t.RightParen);
                  });
                },
              },
            ],
            ERR_MSG: "'prorated by days employed' or 'not prorated'",
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Rounding);
          this.OPTION7(() => this.CONSUME4(t.Colon));
          this.OR4({
            DEF: [
              { ALT: () => this.CONSUME(t.HalfEven) },
              { ALT: () => this.CONSUME(t.HalfUp) },
              { ALT: () => this.CONSUME(t.Down) },
              { ALT: () => this.CONSUME(t.Up) },
            ],
            ERR_MSG: "a rounding mode: 'half-even', 'half-up', 'down' or 'up'",
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.TrueUp);
          this.OPTION8(() => this.CONSUME5(t.Colon));
          this.CONSUME(t.YearToDate);
        },
      },
      { ALT: () => this.SUBRULE(this.goalRule) },
      {
        ALT: () => {
          this.CONSUME(t.CreditSplits);
          this.OPTION9(() => this.CONSUME6(t.Colon));
          this.option(10, () => this.CONSUME(t.By));
          this.CONSUME(t.LargestRemainder);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.ConvertToPayCurrency);
          this.option(11, () => this.CONSUME7(t.Colon));
          this.CONSUME(t.At);
          this.OR9({
            DEF: [{ ALT: () => this.CONSUME(t.FactDate) }, { ALT: () => this.CONSUME(t.PaymentDate) }],
            ERR_MSG: "'fact date' or 'payment date'",
          });
        },
      },
    ]);
  });

  /** 'goal "Quota": annual, seasonal weights 20% / 20% / 20% / 40%, prorated by days employed (actual/365), ramp by month of tenure 25% / 50%' */
  goalRule = this.RULE('goalRule', () => {
    this.CONSUME(t.Goal);
    this.CONSUME(t.StringLiteral);
    this.OPTION(() => this.CONSUME(t.Colon));
    this.AT_LEAST_ONE_SEP({
      SEP: t.Comma,
      DEF: () =>
        this.OR({
          DEF: [
            { ALT: () => this.CONSUME(t.Annual) },
            {
              ALT: () => {
                this.CONSUME(t.SeasonalWeights);
                this.AT_LEAST_ONE_SEP2({
                  SEP: t.Divide,
                  DEF: () => this.SUBRULE(this.literal, { LABEL: 'season' }),
                });
              },
            },
            {
              ALT: () => {
                this.CONSUME(t.ProratedBy);
                this.CONSUME(t.DaysEmployed);
                this.OPTION2(() => {
                  this.CONSUME(t.LeftParen);
                  this.CONSUME(t.DayCount);
                  this.CONSUME(t.RightParen);
                });
              },
            },
            {
              ALT: () => {
                this.CONSUME(t.RampByMonthOfTenure);
                this.AT_LEAST_ONE_SEP3({
                  SEP: t.Divide,
                  DEF: () => this.SUBRULE2(this.literal, { LABEL: 'ramp' }),
                });
              },
            },
          ],
          ERR_MSG:
            "a quota rule: 'annual', 'seasonal weights 20% / 20% / 20% / 40%', 'prorated by days employed (actual/365)' or 'ramp by month of tenure 25% / 50% / 75%'",
        }),
    });
  });

  declaration = this.RULE('declaration', () => {
    this.OR({
      DEF: [
        { ALT: () => this.SUBRULE(this.measureDecl) },
        { ALT: () => this.SUBRULE(this.componentDecl) },
        { ALT: () => this.SUBRULE(this.gateDecl) },
        { ALT: () => this.SUBRULE(this.multiplyDecl) },
        { ALT: () => this.SUBRULE(this.capDecl) },
        { ALT: () => this.SUBRULE(this.clawbackDecl) },
        { ALT: () => this.SUBRULE(this.drawDecl) },
        { ALT: () => this.SUBRULE(this.holdDecl) },
        { ALT: () => this.SUBRULE(this.exampleDecl) },
      ],
      ERR_MSG: ruleWords.declaration,
    });
  });

  measureDecl = this.RULE('measureDecl', () => {
    this.CONSUME(t.Measure);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  componentDecl = this.RULE('componentDecl', () => {
    this.CONSUME(t.Component);
    this.CONSUME(t.StringLiteral);
    // 'code "NB"': the component's identity across versions, so a rename keeps what it paid.
    this.OPTION4(() => {
      this.CONSUME(t.Code);
      this.CONSUME2(t.StringLiteral, { LABEL: 'code' });
    });
    this.OPTION(() => {
      this.CONSUME(t.Weight);
      this.OR2({
        DEF: [
          { ALT: () => this.CONSUME(t.PercentLiteral) },
          {
            // '1/3': a fraction, so thirds add up to exactly 100%; a bare number is refused by the checker.
            ALT: () => {
              this.CONSUME(t.NumberLiteral, { LABEL: 'weightNumerator' });
              this.OPTION3(() => {
                this.CONSUME(t.Divide);
                this.CONSUME2(t.NumberLiteral, { LABEL: 'weightDenominator' });
              });
            },
          },
        ],
        ERR_MSG: "a percentage such as '30%' or a fraction such as '1/3'",
      });
    });
    this.OPTION2(() => {
      this.CONSUME(t.For);
      this.SUBRULE(this.scope);
    });
    this.OR({
      DEF: [{ ALT: () => this.CONSUME(t.Pays) }, { ALT: () => this.CONSUME(t.Pay) }],
      ERR_MSG: "'weight 30%', 'for team' or 'pays ...'",
    });
    this.SUBRULE(this.payout);
    this.MANY(() => this.SUBRULE(this.componentOption));
  });

  /** After 'per deal': ', tiers by whole deal' (the default) or ', tiers by credited share'. */
  dealTiers = this.RULE('dealTiers', () => {
    this.OPTION(() => {
      this.CONSUME(t.Comma);
      this.OR({
        DEF: [
          { ALT: () => this.CONSUME(t.TiersByWholeDeal) },
          { ALT: () => this.CONSUME(t.TiersByCreditedShare) },
        ],
        ERR_MSG: "'tiers by whole deal' or 'tiers by credited share' (or ':' before the bands)",
      });
    });
  });

  componentOption = this.RULE('componentOption', () => {
    this.OR([{ ALT: () => this.CONSUME(t.CappedAt) }, { ALT: () => this.CONSUME(t.AtLeast) }]);
    this.SUBRULE(this.literal);
  });

  payout = this.RULE('payout', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Curve);
          this.CONSUME(t.On);
          this.SUBRULE(this.expression);
          // ', per deal': the curve applies to each deal; the other two are read so the checker can say why not.
          this.OPTION2(() => {
            this.CONSUME3(t.Comma);
            this.OR4({
              DEF: [
                {
                  ALT: () => {
                    this.CONSUME2(t.PerDeal);
                    this.SUBRULE(this.dealTiers);
                  },
                },
                { ALT: () => this.CONSUME2(t.OnThePeriodTotal) },
                { ALT: () => this.CONSUME2(t.OnRunningTotal) },
              ],
              ERR_MSG: "'per deal' (the curve applies to each deal) or ':' before the bands",
            });
          });
          this.CONSUME(t.Colon);
          this.AT_LEAST_ONE(() => this.SUBRULE(this.band));
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Table);
          this.CONSUME(t.Of);
          this.SUBRULE2(this.expression, { LABEL: 'rowInput' });
          this.CONSUME(t.By);
          this.SUBRULE3(this.expression, { LABEL: 'columnInput' });
          // Read only so the checker can say why a table cannot apply per deal.
          this.OPTION3(() => {
            this.CONSUME4(t.Comma);
            this.CONSUME3(t.PerDeal);
          });
          this.CONSUME2(t.Colon);
          this.CONSUME(t.Columns);
          this.CONSUME3(t.Colon);
          this.SUBRULE(this.bandRange);
          this.MANY(() => {
            this.CONSUME(t.Bar);
            this.SUBRULE2(this.bandRange);
          });
          this.AT_LEAST_ONE2(() => this.SUBRULE(this.tableRow));
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Rates);
          this.CONSUME2(t.On);
          this.SUBRULE4(this.expression, { LABEL: 'input' });
          this.OPTION(() => {
            this.CONSUME(t.Against);
            this.SUBRULE5(this.expression, { LABEL: 'against' });
          });
          this.CONSUME(t.Comma);
          this.OR2({
            DEF: [{ ALT: () => this.CONSUME(t.Marginal) }, { ALT: () => this.CONSUME(t.Retroactive) }],
            ERR_MSG:
              "'marginal' (each tier's rate on the part inside it) or 'retroactive' (everything at the tier reached)",
          });
          this.CONSUME2(t.Comma);
          this.OR3({
            DEF: [
              {
                ALT: () => {
                  this.CONSUME(t.PerDeal);
                  this.SUBRULE2(this.dealTiers);
                },
              },
              { ALT: () => this.CONSUME(t.OnThePeriodTotal) },
              { ALT: () => this.CONSUME(t.OnRunningTotal) },
            ],
            ERR_MSG: "'per deal', 'on the period total' or 'on the running total'",
          });
          this.CONSUME4(t.Colon);
          this.AT_LEAST_ONE3(() => this.SUBRULE2(this.band));
        },
      },
      {
        ALT: () => {
          this.SUBRULE6(this.expression, { LABEL: 'amount' });
          // A SPIFF: 'pays 500 per deal [of opportunity] [where strategic and won]'.
          this.OPTION4(() => {
            this.CONSUME4(t.PerDeal);
            this.OPTION5(() => {
              this.CONSUME2(t.Of);
              this.CONSUME(t.Identifier, { LABEL: 'dealKind' });
            });
            this.OPTION6(() => {
              this.CONSUME(t.Where);
              this.SUBRULE(this.filter);
              this.MANY2(() => {
                this.CONSUME(t.And);
                this.SUBRULE2(this.filter);
              });
            });
          });
        },
      },
    ]);
  });

  band = this.RULE('band', () => {
    this.SUBRULE(this.bandRange);
    this.CONSUME(t.Colon);
    this.SUBRULE(this.literal, { LABEL: 'from' });
    this.OPTION(() => {
      this.CONSUME(t.To);
      this.SUBRULE2(this.literal, { LABEL: 'to' });
    });
  });

  bandRange = this.RULE('bandRange', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Below);
          this.SUBRULE(this.literal, { LABEL: 'upper' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.UpTo);
          this.SUBRULE2(this.literal, { LABEL: 'upper' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.UpToAndIncluding);
          this.SUBRULE3(this.literal, { LABEL: 'upper' });
        },
      },
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(t.From) }, { ALT: () => this.CONSUME(t.Above) }]);
          this.SUBRULE4(this.literal, { LABEL: 'lower' });
          this.OPTION(() => {
            this.OR3([
              { ALT: () => this.CONSUME2(t.UpTo, { LABEL: 'upperExclusive' }) },
              { ALT: () => this.CONSUME2(t.UpToAndIncluding, { LABEL: 'upperInclusive' }) },
            ]);
            this.SUBRULE5(this.literal, { LABEL: 'upper' });
          });
        },
      },
    ]);
  });

  tableRow = this.RULE('tableRow', () => {
    this.SUBRULE(this.bandRange);
    this.CONSUME(t.Colon);
    this.SUBRULE(this.literal);
    this.MANY(() => {
      this.CONSUME(t.Bar);
      this.SUBRULE2(this.literal);
    });
  });

  literal = this.RULE('literal', () => {
    this.OPTION(() => this.CONSUME(t.MinusSign));
    this.OR({
      DEF: [{ ALT: () => this.CONSUME(t.PercentLiteral) }, { ALT: () => this.CONSUME(t.NumberLiteral) }],
      ERR_MSG: ruleWords.literal,
    });
  });

  gateDecl = this.RULE('gateDecl', () => {
    this.CONSUME(t.When);
    this.SUBRULE(this.condition);
    this.CONSUME(t.Colon);
    this.SUBRULE(this.selector);
    this.OR([{ ALT: () => this.CONSUME(t.Pay) }, { ALT: () => this.CONSUME(t.Pays) }]);
    this.SUBRULE(this.expression);
  });

  multiplyDecl = this.RULE('multiplyDecl', () => {
    this.CONSUME(t.Multiply);
    this.SUBRULE(this.selector);
    this.CONSUME(t.By);
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.CONSUME(t.When);
      this.SUBRULE(this.condition);
    });
  });

  capDecl = this.RULE('capDecl', () => {
    this.CONSUME(t.Cap);
    this.SUBRULE(this.selector);
    this.CONSUME(t.At);
    this.SUBRULE(this.literal);
    this.OPTION(() => {
      this.CONSUME(t.Of);
      this.CONSUME(t.TargetIncentive);
    });
    this.OPTION2(() => {
      this.CONSUME(t.Unless);
      this.SUBRULE(this.condition);
    });
  });

  clawbackDecl = this.RULE('clawbackDecl', () => {
    this.CONSUME(t.ClawBack);
    this.SUBRULE(this.literal);
    this.CONSUME(t.Of);
    this.CONSUME(t.StringLiteral);
    this.CONSUME(t.On);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.Within);
    this.CONSUME(t.NumberLiteral);
    this.CONSUME(t.Days);
  });

  /** 'draw 1,000 per month, recoverable, from 2026-01 to 2026-06, recovery from 2026-03, recovery capped at 500 per month' */
  drawDecl = this.RULE('drawDecl', () => {
    this.CONSUME(t.Draw);
    this.SUBRULE(this.literal, { LABEL: 'amount' });
    this.CONSUME(t.Per);
    this.SUBRULE(this.drawPeriod, { LABEL: 'per' });
    this.OPTION(() => this.CONSUME(t.Comma));
    this.OR({
      DEF: [{ ALT: () => this.CONSUME(t.Recoverable) }, { ALT: () => this.CONSUME(t.NotRecoverable) }],
      ERR_MSG: "'recoverable' or 'not recoverable'",
    });
    this.OPTION2(() => this.CONSUME2(t.Comma));
    this.CONSUME(t.From);
    this.SUBRULE(this.periodRef, { LABEL: 'first' });
    this.CONSUME(t.To);
    this.SUBRULE2(this.periodRef, { LABEL: 'last' });
    this.MANY(() => {
      this.OPTION3(() => this.CONSUME3(t.Comma));
      this.OR2({
        DEF: [
          {
            ALT: () => {
              this.CONSUME(t.RecoveryFrom);
              this.SUBRULE3(this.periodRef, { LABEL: 'recoveryFrom' });
            },
          },
          {
            ALT: () => {
              this.CONSUME(t.RecoveryCappedAt);
              this.SUBRULE2(this.literal, { LABEL: 'limit' });
              this.CONSUME2(t.Per);
              this.SUBRULE2(this.drawPeriod, { LABEL: 'limitPer' });
            },
          },
        ],
        ERR_MSG: "'recovery from 2026-03' or 'recovery capped at 500 per month'",
      });
    });
  });

  /** 'hold "New business" until payment': paid once a fact of that kind names the deal. */
  holdDecl = this.RULE('holdDecl', () => {
    this.CONSUME(t.Hold);
    this.CONSUME(t.StringLiteral);
    this.CONSUME(t.Until);
    this.CONSUME(t.Identifier);
  });

  drawPeriod = this.RULE('drawPeriod', () => {
    this.OR([
      { ALT: () => this.CONSUME(t.PeriodKindToken) },
      { ALT: () => this.CONSUME(t.Quarter) },
      { ALT: () => this.CONSUME(t.Half) },
      { ALT: () => this.CONSUME(t.Year) },
    ]);
  });

  periodRef = this.RULE('periodRef', () => {
    this.OR([{ ALT: () => this.CONSUME(t.PeriodLiteral) }, { ALT: () => this.CONSUME(t.NumberLiteral) }]);
  });

  selector = this.RULE('selector', () => {
    this.OR({
      DEF: [
        { ALT: () => this.CONSUME(t.AllComponents) },
        { ALT: () => this.CONSUME(t.TeamComponents) },
        { ALT: () => this.CONSUME(t.IndividualComponents) },
        { ALT: () => this.CONSUME(t.Total) },
        {
          ALT: () => {
            this.CONSUME(t.StringLiteral);
            this.MANY(() => {
              this.CONSUME(t.Comma);
              this.CONSUME2(t.StringLiteral);
            });
          },
        },
      ],
      ERR_MSG: ruleWords.selector,
    });
  });

  exampleDecl = this.RULE('exampleDecl', () => {
    this.CONSUME(t.Example);
    this.CONSUME(t.StringLiteral);
    this.OPTION(() => this.CONSUME(t.Colon));
    this.CONSUME(t.Given);
    this.SUBRULE(this.givenItem);
    this.MANY(() => {
      this.CONSUME(t.Comma);
      this.SUBRULE2(this.givenItem);
    });
    this.AT_LEAST_ONE(() => this.SUBRULE(this.expectation));
  });

  givenItem = this.RULE('givenItem', () => {
    this.SUBRULE(this.givenTarget);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.literal);
    this.MANY(() => {
      this.CONSUME(t.And);
      this.SUBRULE2(this.literal);
    });
  });

  givenTarget = this.RULE('givenTarget', () => {
    this.OR({
      DEF: [
        {
          ALT: () => {
            this.CONSUME(t.Identifier);
            this.MANY(() => this.SUBRULE(this.contextClause));
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.Goal);
            this.CONSUME(t.StringLiteral);
            this.OPTION(() => {
              this.CONSUME(t.For);
              this.SUBRULE(this.scope);
            });
          },
        },
        { ALT: () => this.CONSUME(t.TargetIncentive) },
        {
          ALT: () => {
            this.CONSUME(t.DealsOf);
            this.CONSUME2(t.Identifier);
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.PaidEarlier);
            this.CONSUME2(t.StringLiteral);
          },
        },
      ],
      ERR_MSG: ruleWords.givenTarget,
    });
  });

  expectation = this.RULE('expectation', () => {
    this.CONSUME(t.Expect);
    this.OR([{ ALT: () => this.CONSUME(t.StringLiteral) }, { ALT: () => this.CONSUME(t.Total) }]);
    this.OR2([{ ALT: () => this.CONSUME(t.Pays) }, { ALT: () => this.CONSUME(t.Pay) }]);
    this.SUBRULE(this.literal);
  });

  condition = this.RULE('condition', () => {
    this.SUBRULE(this.andCondition);
    this.MANY(() => {
      this.CONSUME(t.Or);
      this.SUBRULE2(this.andCondition);
    });
  });

  andCondition = this.RULE('andCondition', () => {
    this.SUBRULE(this.notCondition);
    this.MANY(() => {
      this.CONSUME(t.And);
      this.SUBRULE2(this.notCondition);
    });
  });

  notCondition = this.RULE('notCondition', () => {
    this.OPTION(() => this.CONSUME(t.Not));
    this.SUBRULE(this.expression, { LABEL: 'left' });
    this.SUBRULE(this.comparisonOperator);
    this.SUBRULE2(this.expression, { LABEL: 'right' });
  });

  comparisonOperator = this.RULE('comparisonOperator', () => {
    this.OR({
      DEF: [
        { ALT: () => this.CONSUME(t.Less) },
        { ALT: () => this.CONSUME(t.LessEqual) },
        { ALT: () => this.CONSUME(t.Greater) },
        { ALT: () => this.CONSUME(t.GreaterEqual) },
        { ALT: () => this.CONSUME(t.Equals) },
        { ALT: () => this.CONSUME(t.NotEqual) },
        { ALT: () => this.CONSUME(t.IsBelow) },
        { ALT: () => this.CONSUME(t.IsAbove) },
        { ALT: () => this.CONSUME(t.IsAtLeast) },
        { ALT: () => this.CONSUME(t.IsAtMost) },
        { ALT: () => this.CONSUME(t.Reaches) },
      ],
      ERR_MSG: ruleWords.comparisonOperator,
    });
  });

  expression = this.RULE('expression', () => {
    this.SUBRULE(this.multiplicative, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(t.PlusSign) }, { ALT: () => this.CONSUME(t.MinusSign) }]);
      this.SUBRULE2(this.multiplicative, { LABEL: 'operands' });
    });
  });

  multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(t.Times) },
        { ALT: () => this.CONSUME(t.Divide) },
        { ALT: () => this.CONSUME(t.Of) },
      ]);
      this.SUBRULE2(this.unary, { LABEL: 'operands' });
    });
  });

  unary = this.RULE('unary', () => {
    this.OPTION(() => this.CONSUME(t.MinusSign));
    // A population statistic's word comes first; its 'over teams ...' is a clause after the operand.
    this.OPTION2(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(t.Mean);
            this.CONSUME(t.Of);
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.Median);
            this.CONSUME2(t.Of);
          },
        },
        { ALT: () => this.CONSUME(t.Pooled) },
      ]),
    );
    this.SUBRULE(this.primary);
    this.MANY(() => this.SUBRULE(this.contextClause));
  });

  contextClause = this.RULE('contextClause', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.In);
          this.SUBRULE(this.window);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.For);
          this.SUBRULE(this.scope);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Over);
          this.SUBRULE(this.population);
        },
      },
    ]);
  });

  /** Which teams a population statistic is over; a bare 'teams' parses so the checker can say what is missing. */
  population = this.RULE('population', () => {
    this.CONSUME(t.Teams);
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(t.OnThisPlan) },
        {
          ALT: () => {
            this.CONSUME(t.In);
            this.OR2([{ ALT: () => this.CONSUME(t.Vertical) }, { ALT: () => this.CONSUME(t.Geography) }]);
            this.CONSUME(t.StringLiteral);
          },
        },
        {
          ALT: () => {
            this.CONSUME2(t.StringLiteral);
            // A comma may also end the expression ('rates on ... over teams "T1", marginal, ...').
            this.MANY({
              GATE: () => this.LA(2).tokenType === t.StringLiteral,
              DEF: () => {
                this.CONSUME(t.Comma);
                this.CONSUME3(t.StringLiteral);
              },
            });
          },
        },
      ]),
    );
  });

  primary = this.RULE('primary', () => {
    this.OR({
      DEF: [
        { ALT: () => this.CONSUME(t.PercentLiteral) },
        { ALT: () => this.CONSUME(t.NumberLiteral) },
        {
          ALT: () => {
            this.CONSUME(t.LeftParen);
            this.SUBRULE(this.expression);
            this.CONSUME(t.RightParen);
          },
        },
        { ALT: () => this.SUBRULE(this.aggregate) },
        {
          ALT: () => {
            this.CONSUME(t.Goal);
            this.CONSUME(t.StringLiteral);
          },
        },
        { ALT: () => this.CONSUME(t.TargetIncentive) },
        { ALT: () => this.CONSUME(t.Identifier) },
      ],
      ERR_MSG: ruleWords.primary,
    });
  });

  aggregate = this.RULE('aggregate', () => {
    this.CONSUME(t.AggregateFunction);
    this.CONSUME(t.Of);
    this.CONSUME(t.Identifier, { LABEL: 'factKind' });
    this.OPTION(() => {
      this.CONSUME(t.Dot);
      this.CONSUME2(t.Identifier, { LABEL: 'field' });
    });
    this.OPTION2(() => {
      this.CONSUME(t.Where);
      this.SUBRULE(this.filter);
      this.MANY(() => {
        this.CONSUME(t.And);
        this.SUBRULE2(this.filter);
      });
    });
  });

  filter = this.RULE('filter', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Not);
          this.CONSUME(t.Identifier, { LABEL: 'attribute' });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(t.Identifier, { LABEL: 'attribute' });
          this.OPTION(() => {
            this.OR2([
              {
                ALT: () => {
                  this.OR3([{ ALT: () => this.CONSUME(t.Is) }, { ALT: () => this.CONSUME(t.IsNot) }]);
                  this.SUBRULE(this.filterValue);
                },
              },
              {
                ALT: () => {
                  this.CONSUME(t.IsOneOf);
                  this.SUBRULE2(this.filterValue);
                  this.MANY(() => {
                    this.CONSUME(t.Comma);
                    this.SUBRULE3(this.filterValue);
                  });
                },
              },
              {
                ALT: () => {
                  this.OR4([
                    { ALT: () => this.CONSUME(t.Less) },
                    { ALT: () => this.CONSUME(t.LessEqual) },
                    { ALT: () => this.CONSUME(t.Greater) },
                    { ALT: () => this.CONSUME(t.GreaterEqual) },
                  ]);
                  this.SUBRULE(this.literal);
                },
              },
            ]);
          });
        },
      },
    ]);
  });

  filterValue = this.RULE('filterValue', () => {
    this.OR({
      DEF: [
        { ALT: () => this.CONSUME(t.StringLiteral) },
        { ALT: () => this.SUBRULE(this.literal) },
        { ALT: () => this.CONSUME(t.True) },
        { ALT: () => this.CONSUME(t.False) },
      ],
      ERR_MSG: 'a quoted value, a number, true or false',
    });
  });

  scope = this.RULE('scope', () => {
    this.OR({
      DEF: [
        { ALT: () => this.CONSUME(t.Team) },
        {
          ALT: () => {
            this.CONSUME(t.Individual);
            this.MANY(() => {
              this.CONSUME(t.Plus);
              this.OR2([{ ALT: () => this.CONSUME(t.Geography) }, { ALT: () => this.CONSUME(t.Vertical) }]);
            });
          },
        },
        { ALT: () => this.CONSUME(t.EachAccount) },
        { ALT: () => this.CONSUME(t.ManagedTeams) },
        { ALT: () => this.CONSUME(t.AllTeamsCombined) },
        { ALT: () => this.CONSUME(t.AllTeams) },
      ],
      ERR_MSG: ruleWords.scope,
    });
  });

  window = this.RULE('window', () => {
    this.OR({
      DEF: [
        { ALT: () => this.CONSUME(t.Period) },
        { ALT: () => this.CONSUME(t.PriorPeriod) },
        { ALT: () => this.CONSUME(t.SamePeriodLastYear) },
        { ALT: () => this.CONSUME(t.YearToDate) },
      ],
      ERR_MSG: ruleWords.window,
    });
  });
}

/** The one parser instance; `parsePlan` resets its input for every text. */
export const planParser = new PlanParser();
