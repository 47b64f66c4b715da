/**
 * The rules package runs in a browser (the console bundles the language services): bundled for
 * the browser it must need no Node built-in, and the bundle must work where Node's globals
 * (process, Buffer, require) do not exist.
 */
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

// One build for both tests: bundling is the slow part.
let built: ReturnType<typeof build> | undefined;
function bundle() {
  built ??= build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'attainRules',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return built;
}

describe('browser bundle', () => {
  it('bundles for the browser without any Node built-in', async () => {
    // esbuild fails to resolve 'node:fs' or 'fs' on the browser platform, naming the import.
    const result = await bundle().catch((error: { errors?: { text: string }[] }) => ({
      errors: error.errors ?? [{ text: String(error) }],
      metafile: { inputs: {} },
    }));
    expect(result.errors.map((e) => e.text)).toEqual([]);
    const inputs = Object.keys(result.metafile?.inputs ?? {});
    expect(inputs.filter((path) => path.startsWith('node:') || !path.includes('/'))).toEqual([]);
    expect(inputs.some((path) => path.endsWith('src/services/index.ts'))).toBe(true);
  });

  it('checks a plan and completes in a context without Node globals', async () => {
    const result = await bundle();
    const code = result.outputFiles![0]!.text;
    const context = createContext({ console });
    runInContext(`${code}\nglobalThis.attainRules = attainRules;`, context);
    expect(runInContext('typeof process', context)).toBe('undefined');
    const answer = runInContext(
      `(() => {
        const text = 'plan "T"\\n  period quarter\\n  currency USD\\n\\nmeasure revenue = sum of order.';
        const doc = new attainRules.PlanDocument(text);
        const services = attainRules.createLanguageServices();
        return JSON.stringify({
          codes: services.diagnostics(doc).map((d) => d.code),
          fields: services.completion(doc, doc.positionAt(text.length)).map((i) => i.label),
        });
      })()`,
      context,
    );
    const { codes, fields } = JSON.parse(answer);
    expect(codes).toContain('SYNTAX_ERROR');
    expect(fields).toEqual(['amount', 'cost', 'productLine', 'repeat']);
  });
});
