import { describe, expect, it } from 'vitest';
import { sideBySide } from '../../src/editor/version-history';

describe('the side-by-side diff of two plan versions', () => {
  it('puts each run of removed lines beside the added lines that replaced it, and same lines on both sides', () => {
    const rows = sideBySide([
      { change: 'same', oldLine: 1, newLine: 1, text: 'plan "A"' },
      { change: 'removed', oldLine: 2, newLine: null, text: '  period quarter' },
      { change: 'added', oldLine: null, newLine: 2, text: '  period month' },
      { change: 'added', oldLine: null, newLine: 3, text: '  # monthly now' },
      { change: 'same', oldLine: 3, newLine: 4, text: '  currency USD' },
    ]);
    expect(rows.map((row) => [row.left?.line ?? null, row.right?.line ?? null])).toEqual([
      [1, 1],
      [2, 2],
      [null, 3],
      [3, 4],
    ]);
    expect(rows[1]).toEqual({
      left: { line: 2, text: '  period quarter', removed: true },
      right: { line: 2, text: '  period month', added: true },
    });
  });
});
