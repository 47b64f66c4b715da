import { describe, expect, it } from 'vitest';
import { createLanguageServices, PlanDocument, SymbolKind, semanticTokensLegend } from '../../src/index.js';
import { header } from './support.js';

const plan = `${header}# Revenue, as booked.
# Net of returns.
measure revenue = sum of order.amount

component "Revenue" weight 100% for team
  pays curve on revenue / goal "Revenue":
    below 100%: 0%
    from 100%: 100%

cap total at 150% of target incentive
`;
const doc = new PlanDocument(plan);
const services = createLanguageServices();

describe('document symbols', () => {
  it('lists the header, each measure, component and rule in order, with their kinds', () => {
    const symbols = services.documentSymbols(doc);
    expect(symbols.map((s) => [s.name, s.kind, s.detail])).toEqual([
      ['Test', SymbolKind.Module, 'plan header'],
      ['revenue', SymbolKind.Variable, 'sum of order.amount'],
      ['Revenue', SymbolKind.Class, 'weight 100%'],
      ['cap total at 150% of target incentive', SymbolKind.Operator, undefined],
    ]);
    // The component spans its four lines; its name is what the editor selects.
    expect(symbols[2]!.range).toEqual({ start: { line: 9, character: 0 }, end: { line: 12, character: 19 } });
    expect(symbols[2]!.selectionRange).toEqual({
      start: { line: 9, character: 10 },
      end: { line: 9, character: 19 },
    });
  });
});

describe('folding ranges', () => {
  it('folds the header, each declaration of several lines and runs of comment lines', () => {
    expect(services.foldingRanges(doc)).toEqual([
      { startLine: 0, endLine: 3, kind: 'region' },
      { startLine: 5, endLine: 6, kind: 'comment' },
      { startLine: 9, endLine: 12, kind: 'region' },
    ]);
  });
});

describe('semantic tokens', () => {
  function decode(
    data: number[],
  ): { line: number; character: number; length: number; type: string; declaration: boolean }[] {
    const out = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < data.length; i += 5) {
      line += data[i]!;
      character = data[i]! === 0 ? character + data[i + 1]! : data[i + 1]!;
      out.push({
        line,
        character,
        length: data[i + 2]!,
        type: semanticTokensLegend.tokenTypes[data[i + 3]!]!,
        declaration: data[i + 4] === 1,
      });
    }
    return out;
  }

  it('tells a measure, a fact kind, a field, a component and a goal apart', () => {
    const tokens = decode(services.semanticTokens(doc).data);
    const on = (line: number) =>
      tokens
        .filter((t) => t.line === line)
        .map(
          (t) =>
            `${doc.lineText(line).slice(t.character, t.character + t.length)}:${t.type}${t.declaration ? '*' : ''}`,
        );
    expect(on(7)).toEqual([
      'measure:keyword',
      'revenue:variable*',
      '=:operator',
      'sum:function',
      'of:keyword',
      'order:type',
      '.:operator',
      'amount:property',
    ]);
    expect(on(9)).toEqual([
      'component:keyword',
      '"Revenue":class*',
      'weight:keyword',
      '100%:number',
      'for:keyword',
      'team:keyword',
    ]);
    expect(on(10)).toEqual([
      'pays:keyword',
      'curve:keyword',
      'on:keyword',
      'revenue:variable',
      '/:operator',
      'goal:keyword',
      '"Revenue":string',
      '::operator',
    ]);
    expect(on(5)).toEqual(['# Revenue, as booked.:comment']);
    expect(on(2)).toEqual(['currency:keyword', 'USD:enumMember']);
  });
});
