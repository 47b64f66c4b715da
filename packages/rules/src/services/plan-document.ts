/**
 * One version of a plan's text and what the services learn from it, each computed once on first
 * use: the tokens, the parse, the checked plan and the diagnostics. A server keeps one per open
 * document version, so a completion, a hover and the diagnostics of the same edit share a parse.
 */
import type { ILexingResult } from 'chevrotain';
import { type CheckResult, checkParsedPlan } from '../check-plan.js';
import type { CheckedPlan } from '../checker/check-context.js';
import { checkPlanAst } from '../checker/check-plan-ast.js';
import { type PayoutRange, payoutRange } from '../checker/payout-range.js';
import type { Range } from '../parser/ast.js';
import { type ParseResult, parsePlan } from '../parser/parse-plan.js';
import { planLexer } from '../parser/tokens.js';
import type { LspPosition, LspRange } from './lsp-types.js';

/** A plan text with lazily computed analyses; immutable (an edit makes a new one). */
export class PlanDocument {
  readonly text: string;
  private readonly lineStarts: number[];
  private lexedCache: ILexingResult | undefined;
  private parsedCache: ParseResult | undefined;
  private checkedCache: CheckedPlan | null | undefined;
  private rangeCache: PayoutRange | null | undefined;
  private readonly checkCache = new Map<boolean, CheckResult>();

  constructor(text: string) {
    this.text = text;
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /** Every token, comments in `groups.comments`. */
  get lexed(): ILexingResult {
    this.lexedCache ??= planLexer.tokenize(this.text);
    return this.lexedCache;
  }

  get parsed(): ParseResult {
    this.parsedCache ??= parsePlan(this.text);
    return this.parsedCache;
  }

  /** Names and units as the checker sees them; null when the text has no plan header. */
  get checked(): CheckedPlan | null {
    if (this.checkedCache === undefined) {
      const ast = this.parsed.ast;
      try {
        this.checkedCache = ast ? checkPlanAst(ast) : null;
      } catch {
        // A checker bug: check() reports it as INTERNAL_ERROR; the other services go without.
        this.checkedCache = null;
      }
    }
    return this.checkedCache;
  }

  /** What each component can pay, as shares of target incentive. */
  get payoutRange(): PayoutRange | null {
    if (this.rangeCache === undefined) {
      const ast = this.parsed.ast;
      this.rangeCache = ast ? payoutRange(ast) : null;
    }
    return this.rangeCache;
  }

  /** The checker's full answer; `examples` false skips running the plan's examples. */
  check(examples = true): CheckResult {
    let result = this.checkCache.get(examples);
    if (!result) {
      result = checkParsedPlan(this.text, { parsed: this.parsed, checked: this.checked }, { examples });
      this.checkCache.set(examples, result);
    }
    return result;
  }

  /** 0-based line/character -> offset, clamped to the text. */
  offsetAt(position: LspPosition): number {
    const line = Math.min(Math.max(position.line, 0), this.lineStarts.length - 1);
    const start = this.lineStarts[line]!;
    const end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1]! - 1 : this.text.length;
    return Math.min(start + Math.max(position.character, 0), end);
  }

  /** Offset -> 0-based line/character. */
  positionAt(offset: number): LspPosition {
    const clamped = Math.min(Math.max(offset, 0), this.text.length);
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low]! };
  }

  /** An AST range (1-based, with offsets) as an LSP range. */
  rangeOf(range: Range): LspRange {
    return this.spanRange(range.start.offset, range.end.offset);
  }

  /** Offsets [start, end) as an LSP range. */
  spanRange(start: number, end: number): LspRange {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The text of a 0-based line, without its line break. */
  lineText(line: number): string {
    const start = this.lineStarts[line] ?? this.text.length;
    const next = this.lineStarts[line + 1];
    return this.text.slice(start, next === undefined ? this.text.length : next - 1).replace(/\r$/, '');
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}
