import { HighlightStyle, StreamLanguage, type StringStream } from '@codemirror/language';
import { tags } from '@lezer/highlight';

/**
 * The words of the plan language (packages/rules/src/parser/tokens.ts), one word at a time:
 * highlighting only needs to know that "up", "to" and "including" are keywords, not which phrase
 * they make. The parser, not this list, decides what is valid.
 */
const KEYWORDS = new Set(
  `above against all and annual at average below by cap capped claw back columns combined component
  components count credit currency curve days deals down each account employed example expect for from
  full geography given goal half half-even half-up in including incentive individual is largest marginal
  maximum mean measure median minimum month multiply not of on one or over paid earlier pay pays per deal
  period plan plus pooled prior prorated quarter rates reaches remainder retroactive rounding running same
  last splits sum table target team teams the this to total true-up unless up vertical weight when where
  within year date least most convert fact payment`
    .split(/\s+/)
    .filter(Boolean),
);

const CONSTANTS = new Set(['true', 'false']);

interface State {
  /** Nothing: the language is line-based and needs no state across tokens. */
  readonly none: true;
}

/** Highlighting for plan text: comments, quoted names, percentages, numbers, keywords, operators. */
export const planLanguage = StreamLanguage.define<State>({
  name: 'attain-plan',
  startState: () => ({ none: true }),
  token(stream: StringStream): string | null {
    if (stream.eatSpace()) return null;
    if (stream.match(/^#.*/)) return 'comment';
    if (stream.match(/^"[^"\n\r]*"?/)) return 'string';
    if (stream.match(/^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?[ \t]*%/)) return 'number';
    if (stream.match(/^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?/)) return 'number';
    if (stream.match(/^actual\/(365|360|actual)/)) return 'keyword';
    const word = stream.match(/^[A-Za-z_][A-Za-z0-9_-]*/) as RegExpMatchArray | null;
    if (word) {
      const text = word[0].toLowerCase();
      if (CONSTANTS.has(text)) return 'atom';
      // 'code' is a keyword only before a quoted code, as the lexer reads it.
      if (text === 'code' && stream.match(/^[ \t]*"/, false)) return 'keyword';
      return KEYWORDS.has(text) ? 'keyword' : 'variableName';
    }
    if (stream.match(/^(<=|>=|!=|[<>=+\-*/:,|.()≤≥≠−×])/)) return 'operator';
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: '#' } },
});

/** Colours with enough contrast on white (WCAG AA) for each token kind. */
export const planHighlightStyle = HighlightStyle.define([
  { tag: tags.keyword, color: '#7a1fa2', fontWeight: '600' },
  { tag: tags.comment, color: '#5c6370', fontStyle: 'italic' },
  { tag: tags.string, color: '#0b6b2e' },
  { tag: tags.number, color: '#9a4d00' },
  { tag: tags.atom, color: '#005cc5' },
  { tag: tags.operator, color: '#444' },
  { tag: tags.variableName, color: '#1a1a1a' },
]);
