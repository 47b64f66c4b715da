import { describe, expect, it } from 'vitest';
import { candidateInputs, parseParticipantIds } from '../../src/backtests/backtest-choices';

describe('backtest choices', () => {
  it('sends the ticked choices only, text as text and a version as planId and version', () => {
    const choices = [
      { id: 'editor', label: "the editor's text", text: 'plan "A"' },
      { id: 'draft', label: 'saved draft', text: 'plan "B"' },
      { id: 'v1', label: 'version 1', planId: 'p', version: 1 },
    ];
    expect(candidateInputs(choices, new Set(['editor', 'v1']))).toEqual([
      { label: "the editor's text", text: 'plan "A"' },
      { label: 'version 1', planId: 'p', version: 1 },
    ]);
    expect(candidateInputs(choices, new Set())).toEqual([]);
  });

  it('reads participant ids separated by commas, spaces or lines, each once', () => {
    expect(parseParticipantIds(' p-1, p-2\np-3 p-1 ')).toEqual(['p-1', 'p-2', 'p-3']);
    expect(parseParticipantIds('  ')).toEqual([]);
  });
});
