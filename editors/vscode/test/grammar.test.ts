/**
 * The TextMate grammar, run by the same engine VS Code uses (vscode-textmate on Oniguruma):
 * every character of the documentation's example plans gets a scope, none of them invalid,
 * and every keyword of the language is highlighted as one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWASM, OnigScanner, OnigString } from 'vscode-oniguruma';
import { type IGrammar, INITIAL, parseRawGrammar, Registry } from 'vscode-textmate';
import { allTokens } from '../../../packages/rules/src/parser/tokens.js';

const require = createRequire(import.meta.url);
const grammarPath = fileURLToPath(new URL('../syntaxes/attain-plan.tmLanguage.json', import.meta.url));
const examples = fileURLToPath(new URL('../../../docs/examples/', import.meta.url));

let grammar: IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new OnigScanner(patterns),
      createOnigString: (text: string) => new OnigString(text),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'source.attain-plan'
        ? parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath)
        : null,
  });
  const loaded = await registry.loadGrammar('source.attain-plan');
  if (!loaded) throw new Error('the grammar did not load');
  grammar = loaded;
});

interface Token {
  text: string;
  scopes: string[];
  line: number;
}

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  let stack = INITIAL;
  text.split(/\r?\n/).forEach((line, index) => {
    const result = grammar.tokenizeLine(line, stack);
    for (const t of result.tokens) {
      tokens.push({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes, line: index + 1 });
    }
    stack = result.ruleStack;
  });
  return tokens;
}

/** The scope a token has beyond the grammar's root, or null for text no rule matched. */
function innermost(token: Token): string | null {
  return token.scopes.length > 1 ? token.scopes.at(-1)! : null;
}

describe('the TextMate grammar', () => {
  const files = readdirSync(examples).filter((name) => name.endsWith('.plan'));

  it('finds the example plans to tokenise', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)('gives every character of %s a scope, none invalid', (name) => {
    const tokens = tokenise(readFileSync(`${examples}${name}`, 'utf8'));
    const unmatched = tokens.filter((t) => t.text.trim() !== '' && innermost(t) === null);
    const invalid = tokens.filter((t) => t.scopes.some((s) => s.startsWith('invalid.')));
    expect(unmatched.map((t) => `${name}:${t.line} '${t.text}'`)).toEqual([]);
    expect(invalid.map((t) => `${name}:${t.line} '${t.text}'`)).toEqual([]);
  });

  it('tells keywords, measures, fact kinds, fields, names, numbers and comments apart', () => {
    const scoped = tokenise(
      'measure revenue = sum of order.amount where productLine is "Cloud" # booked\n  from 80% up to 100%: 1,000.50',
    )
      .filter((t) => t.text.trim() !== '')
      .map((t) => `${t.text.trim()}=${innermost(t)?.replace(/\.attain-plan$/, '')}`);
    expect(scoped).toEqual([
      'measure=keyword.control.declaration',
      'revenue=variable.other.measure',
      '==keyword.operator',
      'sum=support.function.aggregation',
      'of=keyword.other',
      'order=entity.name.type.fact-kind',
      '.=punctuation.accessor',
      'amount=variable.other.property.field',
      'where=keyword.other',
      'productLine=variable.other.measure',
      'is=keyword.other',
      '"Cloud"=string.quoted.double',
      '# booked=comment.line.number-sign',
      'from=keyword.other',
      '80%=constant.numeric.percentage',
      'up=keyword.other',
      'to=keyword.other',
      '100%=constant.numeric.percentage',
      ':=punctuation.separator.colon',
      '1,000.50=constant.numeric',
    ]);
  });

  it("highlights 'code' as a keyword before a quoted code only, as the lexer reads it", () => {
    const scopes = (text: string) =>
      tokenise(text)
        .filter((t) => t.text.trim() === 'code')
        .map((t) => innermost(t)?.replace(/\.attain-plan$/, ''));
    expect(scopes('component "New business" code "NB" for individual')).toEqual(['keyword.other']);
    expect(scopes('measure n = count of order where code is "X"')).toEqual(['variable.other.measure']);
  });

  it("highlights every keyword of the language's lexer as a keyword", () => {
    // A keyword added to packages/rules/src/parser/tokens.ts must be added to the grammar too.
    const phrases = new Set<string>();
    for (const token of allTokens) {
      for (const match of (token.LABEL ?? '').matchAll(/'([a-z][a-z -]*)'/g)) phrases.add(match[1]!);
    }
    const notKeywords = [...phrases].filter((phrase) =>
      tokenise(phrase)
        .filter((t) => t.text.trim() !== '')
        .some((t) => !/^(keyword|support\.function|constant\.language)\./.test(innermost(t) ?? '')),
    );
    expect(phrases.size).toBeGreaterThan(80);
    expect(notKeywords).toEqual([]);
  });
});
