import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from '../../src/editor/hover-markdown';

describe("the hover's markdown", () => {
  it('reads a component hover as a bold title paragraph and a list', () => {
    const markdown =
      '**component "Team revenue"**\n\n- weight 30%: its target is 30% of the target incentive\n- measured for team';
    expect(parseMarkdown(markdown)).toEqual([
      { kind: 'paragraph', lines: [[{ style: 'bold', text: 'component "Team revenue"' }]] },
      {
        kind: 'list',
        items: [
          [{ style: 'text', text: 'weight 30%: its target is 30% of the target incentive' }],
          [{ style: 'text', text: 'measured for team' }],
        ],
      },
    ]);
  });

  it('keeps the lines of a paragraph apart and reads code spans literally', () => {
    expect(parseMarkdown('**measure m** = `sum of **order**.amount`\n(a share)')).toEqual([
      {
        kind: 'paragraph',
        lines: [
          [
            { style: 'bold', text: 'measure m' },
            { style: 'text', text: ' = ' },
            // Inside a code span the asterisks are text, not bold.
            { style: 'code', text: 'sum of **order**.amount' },
          ],
          [{ style: 'text', text: '(a share)' }],
        ],
      },
    ]);
  });

  it('leaves markup that looks like HTML, and an unclosed marker, as text', () => {
    expect(parseInline('<img src=x onerror=alert(1)> **open')).toEqual([
      { style: 'text', text: '<img src=x onerror=alert(1)> **open' },
    ]);
  });
});
