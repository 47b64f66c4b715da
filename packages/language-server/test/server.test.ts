import { afterEach, describe, expect, it, vi } from 'vitest';
import { startInProcess, startProcess, type TestClient } from './support/lsp-client.js';

const uri = 'file:///plans/team.plan';
const header = 'plan "Team"\n  period quarter\n  currency USD\n  target incentive: annual, not prorated\n\n';
const plan = `${header}measure revenue = sum of order.amount

component "Revenue" weight 100% for team
  pays curve on revenu / goal "Revenue":
    below 80%: 0%
    from 80% up to 100%: 50% to 100%
    from 100%: 100%
`;

let client: TestClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
});

interface Edit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

describe('the language server, driven as an editor drives it', () => {
  it('announces the services it offers when initialised', async () => {
    const started = await startInProcess({ debounceMs: 0 });
    client = started;
    expect(started.capabilities).toMatchObject({
      textDocumentSync: 2,
      hoverProvider: true,
      renameProvider: { prepareProvider: true },
      documentRangeFormattingProvider: true,
      semanticTokensProvider: { full: true },
    });
  });

  it('publishes the diagnostics of an opened document at their positions', async () => {
    client = await startInProcess({ debounceMs: 0 });
    client.open(uri, plan);
    const published = await client.diagnostics(uri, 1);
    const unknown = published.diagnostics.find((d) => d.code === 'UNKNOWN_MEASURE');
    // 'revenu' is on line 8 (0-based), from character 16 to 22.
    expect(unknown).toMatchObject({
      severity: 1,
      source: 'attain',
      range: { start: { line: 8, character: 16 }, end: { line: 8, character: 22 } },
    });
    expect(unknown?.message).toContain("Did you mean 'revenue'?");
  });

  it('checks the latest version after incremental edits, and the fix clears the error', async () => {
    client = await startInProcess({ debounceMs: 20 });
    client.open(uri, plan);
    await client.diagnostics(uri, 1);
    // Type the missing 'e' of 'revenu', one incremental change.
    client.change(uri, 2, [
      { range: { start: { line: 8, character: 22 }, end: { line: 8, character: 22 } }, text: 'e' },
    ]);
    const published = await client.diagnostics(uri, 2);
    expect(published.version).toBe(2);
    expect(published.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
  });

  it('checks a document once the edits pause, the latest version only', async () => {
    client = await startInProcess({ debounceMs: 200 });
    // The server's debounce timers only: the pipe's own scheduling stays real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      client.open(uri, plan);
      client.change(uri, 2, [{ text: `${plan}\n` }]);
      client.change(uri, 3, [{ text: `${plan}\n\n` }]);
      // A request answered after the edits proves the server has read them all.
      await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
      expect(client.published).toEqual([]);
      vi.advanceTimersByTime(200);
      const published = await client.diagnostics(uri, 3);
      expect(client.published.map((p) => p.version)).toEqual([3]);
      expect(published.diagnostics.map((d) => d.code)).toContain('UNKNOWN_MEASURE');
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers completion with the measures and keywords valid at the cursor', async () => {
    client = await startInProcess({ debounceMs: 0, goals: [{ name: 'Revenue', unit: 'money' }] });
    client.open(uri, `${header}measure revenue = sum of order.amount\nmeasure attainment = revenue / goal `);
    const items = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 6, character: 36 },
    })) as { label: string; textEdit: Edit }[];
    expect(items.map((i) => i.label)).toEqual(['"Revenue"']);
    expect(items[0]!.textEdit.range).toEqual({
      start: { line: 6, character: 36 },
      end: { line: 6, character: 36 },
    });
  });

  it('answers hover on a band with what its boundaries include', async () => {
    client = await startInProcess({ debounceMs: 0 });
    client.open(uri, plan);
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 10, character: 6 },
    })) as { contents: { kind: string; value: string }; range: Edit['range'] };
    expect(hover.contents.kind).toBe('markdown');
    expect(hover.contents.value).toContain('from 80% up to 100%: 80% included, 100% excluded');
    expect(hover.range).toEqual({ start: { line: 10, character: 4 }, end: { line: 10, character: 36 } });
  });

  it('renames a component everywhere it is written, with its quotes', async () => {
    client = await startInProcess({ debounceMs: 0 });
    // Lines 0-4 the header, 5 the measure, 7 the component, 12 blank, 13 the cap.
    const text = `${plan}\ncap "Revenue" at 150%\n`;
    client.open(uri, text);
    const result = (await client.connection.sendRequest('textDocument/rename', {
      textDocument: { uri },
      position: { line: 7, character: 12 },
      newName: 'Team revenue',
    })) as { changes: Record<string, Edit[]> };
    expect(result.changes[uri]).toEqual([
      {
        range: { start: { line: 7, character: 10 }, end: { line: 7, character: 19 } },
        newText: '"Team revenue"',
      },
      {
        range: { start: { line: 13, character: 4 }, end: { line: 13, character: 13 } },
        newText: '"Team revenue"',
      },
    ]);
  });

  it('refuses a rename to a taken name with the reason', async () => {
    client = await startInProcess({ debounceMs: 0 });
    client.open(uri, `${header}measure revenue = sum of order.amount\nmeasure cost = sum of order.cost\n`);
    await expect(
      client.connection.sendRequest('textDocument/rename', {
        textDocument: { uri },
        position: { line: 6, character: 9 },
        newName: 'revenue',
      }),
    ).rejects.toThrow("A measure named 'revenue' is already declared on line 6; choose another name.");
  });

  it('formats the document and a range as edits', async () => {
    client = await startInProcess({ debounceMs: 0 });
    client.open(uri, `${header}measure   revenue=sum of order.amount\nmeasure  cost=sum of order.cost\n`);
    const range = (await client.connection.sendRequest('textDocument/rangeFormatting', {
      textDocument: { uri },
      range: { start: { line: 6, character: 0 }, end: { line: 6, character: 4 } },
      options: { tabSize: 2, insertSpaces: true },
    })) as Edit[];
    expect(range).toEqual([
      {
        range: { start: { line: 6, character: 0 }, end: { line: 6, character: 31 } },
        newText: 'measure cost = sum of order.cost',
      },
    ]);
    const whole = (await client.connection.sendRequest('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    })) as Edit[];
    expect(whole).toHaveLength(1);
    expect(whole[0]!.newText).toContain(
      'measure revenue = sum of order.amount\nmeasure cost = sum of order.cost\n',
    );
  });

  it('offers the did-you-mean as a quick fix that edits the misspelt name', async () => {
    client = await startInProcess({ debounceMs: 0 });
    client.open(uri, plan);
    const published = await client.diagnostics(uri, 1);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 8, character: 18 }, end: { line: 8, character: 18 } },
      context: { diagnostics: published.diagnostics },
    })) as { title: string; kind: string; edit: { changes: Record<string, Edit[]> } }[];
    const fix = actions.find((a) => a.kind === 'quickfix');
    expect(fix?.title).toBe("Replace with 'revenue'");
    expect(fix?.edit.changes[uri]).toEqual([
      { range: { start: { line: 8, character: 16 }, end: { line: 8, character: 22 } }, newText: 'revenue' },
    ]);
  });

  it('goes to the definition of a measure and lists its references', async () => {
    client = await startInProcess({ debounceMs: 0 });
    const text = `${header}measure revenue = sum of order.amount\nmeasure margin = (revenue - sum of order.cost) / revenue\n`;
    client.open(uri, text);
    const definition = await client.connection.sendRequest('textDocument/definition', {
      textDocument: { uri },
      position: { line: 6, character: 20 },
    });
    expect(definition).toEqual({
      uri,
      range: { start: { line: 5, character: 8 }, end: { line: 5, character: 15 } },
    });
    const references = (await client.connection.sendRequest('textDocument/references', {
      textDocument: { uri },
      position: { line: 5, character: 10 },
      context: { includeDeclaration: false },
    })) as { range: Edit['range'] }[];
    expect(references.map((r) => r.range.start)).toEqual([
      { line: 6, character: 18 },
      { line: 6, character: 49 },
    ]);
  });

  it('clears the diagnostics of a closed document', async () => {
    client = await startInProcess({ debounceMs: 0 });
    client.open(uri, plan);
    await client.diagnostics(uri, 1);
    void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await expect.poll(() => client!.published.at(-1)).toEqual({ uri, diagnostics: [] });
  });

  it('runs over stdio as a separate process, and exits when asked', async () => {
    const started = await startProcess({ debounceMs: 0 });
    client = undefined;
    started.open(uri, plan);
    const published = await started.diagnostics(uri, 1);
    expect(published.diagnostics.map((d) => d.code)).toContain('UNKNOWN_MEASURE');
    await started.close();
    expect(await started.exited).toBe(0);
  }, 60_000);
});
