import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { clientOperations, trustedDocuments } from '../src/trusted-documents.js';

const schema = buildSchema(
  readFileSync(join(import.meta.dirname, '../../../apps/api/schema.graphql'), 'utf8'),
);

describe('the operations of the client', () => {
  it('are each a valid document for apps/api/schema.graphql, fragments included', () => {
    const invalid = clientOperations().flatMap(({ exportName, text }) =>
      validate(schema, parse(text)).map((error) => `${exportName}: ${error.message}`),
    );
    expect(invalid).toEqual([]);
    // The console's pages: sign-in, plans, editor, payouts, statements, backtests, imports, what-if.
    expect(clientOperations().length).toBeGreaterThanOrEqual(30);
  });

  it('are each exported under their GraphQL name and kind, so no two share a name', () => {
    const operations = clientOperations();
    for (const { exportName, name, kind } of operations) {
      expect(exportName).toBe(`${name}${kind[0]?.toUpperCase()}${kind.slice(1)}`);
    }
    expect(new Set(operations.map(({ name }) => name)).size).toBe(operations.length);
  });

  it('select an explanation tree only through the shared explanation fragments', () => {
    for (const { exportName, text } of clientOperations()) {
      const document = parse(text);
      const explained = /\bexplanation\s*\{/.test(text);
      // A tree written out by hand would repeat `children { label`; the fragment spreads it.
      expect(/children\s*\{\s*label/.test(text), exportName).toBe(false);
      if (explained) {
        expect(
          document.definitions.some(
            (d) => d.kind === 'FragmentDefinition' && d.name.value === 'ExplanationTreeShort',
          ),
          exportName,
        ).toBe(true);
      }
    }
    const explaining = clientOperations()
      .filter(({ text }) => /\.\.\.ExplanationTree(Short)?\b/.test(text))
      .map(({ name }) => name);
    expect(explaining).toEqual(['EstimatePayout', 'ExplainBacktestLine', 'Statements']);
  });
  it("select an import's result through one fragment per result type, written once", () => {
    const imports = clientOperations().filter(({ name }) => /^Import[A-Z]/.test(name));
    expect(imports.map(({ name }) => name)).toEqual([
      'ImportAccounts',
      'ImportAssignments',
      'ImportFacts',
      'ImportGoals',
      'ImportParticipants',
      'ImportTeams',
    ]);
    for (const { exportName, text } of imports) {
      // An inline `... on ImportResult {` is the selection the fragments replace.
      expect(/\.\.\.\s*on\s+(ImportResult|ImportRejected|Error)\b/.test(text), exportName).toBe(false);
      const fragments = parse(text)
        .definitions.filter((d) => d.kind === 'FragmentDefinition')
        .map((d) => d.name.value);
      expect(fragments.sort(), exportName).toEqual([
        'ImportErrorFields',
        'ImportRejectedFields',
        'ImportResultFields',
      ]);
    }
  });
});

describe('the trusted-documents manifest', () => {
  it("keys every operation's text by its sha256 hex, as the API checks it at start-up", async () => {
    const manifest = await trustedDocuments();
    const texts = clientOperations().map(({ text }) => text);
    expect(Object.values(manifest).sort()).toEqual([...texts].sort());
    for (const [hash, text] of Object.entries(manifest)) {
      expect(hash).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });
});
