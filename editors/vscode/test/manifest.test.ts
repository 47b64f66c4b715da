import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

describe('the extension manifest', () => {
  it('associates .plan files with the language and its grammar and configuration files exist', () => {
    const [language] = manifest.contributes.languages;
    expect(language).toMatchObject({ id: 'attain-plan', extensions: ['.plan'] });
    expect(existsSync(`${root}${language.configuration}`)).toBe(true);
    const [grammar] = manifest.contributes.grammars;
    expect(grammar).toMatchObject({ language: 'attain-plan', scopeName: 'source.attain-plan' });
    expect(existsSync(`${root}${grammar.path}`)).toBe(true);
  });

  it('declares a VS Code no newer than the API types it compiles against', () => {
    // vsce refuses to package when @types/vscode is newer than engines.vscode.
    const types = JSON.parse(readFileSync(`${root}node_modules/@types/vscode/package.json`, 'utf8'))
      .version as string;
    const engine = (manifest.engines.vscode as string).replace(/^\^/, '');
    const [major, minor] = types.split('.').map(Number);
    const [engineMajor, engineMinor] = engine.split('.').map(Number);
    expect(major! * 1000 + minor!).toBeLessThanOrEqual(engineMajor! * 1000 + engineMinor!);
  });
});
