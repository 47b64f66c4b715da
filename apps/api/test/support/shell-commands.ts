import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root. */
export const REPO_ROOT = resolve(import.meta.dirname, '../../../..');

/** One shell command as a reader would type it, and where it is written. */
export interface ShellCommand {
  /** `docs/api.md:174`: the file and the line the command starts on. */
  where: string;
  /** The words after quote removal; `VAR=value` prefixes removed. */
  argv: string[];
  /** The comment written after the command on its line, if any (`# HTTP/1.1 401`). */
  comment: string;
}

/**
 * Splits shell text into commands the way sh reads it, for the subset docs use: words, '...' and
 * "..." quotes (kept literal, no expansion), backslash-newline, `#` comments, and `&&`, `||`,
 * `|`, `;` and newlines between commands. A function definition (`gql() { ...; }`) is skipped.
 */
export function splitCommands(text: string, where: (offset: number) => string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: string[] = [];
  let word: string | null = null;
  let start = -1;
  let comment = '';
  let inFunction = false;
  // Commands that started on the current line: a comment at its end is about all of them
  // (`curl ... | head -1   # HTTP/1.1 401`).
  let lineStart = 0;
  const endWord = () => {
    if (word !== null) words.push(word);
    word = null;
  };
  const endCommand = () => {
    endWord();
    if (inFunction) {
      if (words.includes('}')) inFunction = false;
    } else if (words[0] && /^\w+\(\)$/.test(words[0])) {
      inFunction = !words.includes('}');
    } else {
      const argv = words.slice(words.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)));
      if (argv.length > 0 && words.some((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w))) {
        commands.push({ where: where(start), argv, comment: comment.trim() });
      }
    }
    words = [];
    comment = '';
    start = -1;
  };
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (start === -1 && !/\s/.test(char)) start = i;
    if (char === '\\' && text[i + 1] === '\n') {
      i += 1;
    } else if (char === "'") {
      const close = text.indexOf("'", i + 1);
      word = (word ?? '') + text.slice(i + 1, close);
      i = close;
    } else if (char === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && ['"', '\\', '$', '`'].includes(text[j + 1] as string)) j += 1;
        value += text[j];
        j += 1;
      }
      word = (word ?? '') + value;
      i = j;
    } else if (char === '#' && word === null) {
      const end = text.indexOf('\n', i);
      comment = text.slice(i + 1, end === -1 ? text.length : end);
      for (const command of commands.slice(lineStart)) command.comment = comment.trim();
      i = (end === -1 ? text.length : end) - 1;
    } else if (char === '\n' || char === ';' || char === '|' || char === '&') {
      if ((char === '|' || char === '&') && text[i + 1] === char) i += 1;
      if (inFunction || words.length > 0 || word !== null) endCommand();
      else start = -1;
      if (char === '\n') lineStart = commands.length;
    } else if (/\s/.test(char)) {
      endWord();
    } else {
      word = (word ?? '') + char;
    }
  }
  endCommand();
  return commands;
}

/** Line number (1-based) of an offset in a text. */
function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** The Markdown files people read commands from: the README, docs/, and each package's README. */
export function documentationFiles(): string[] {
  const docs = readdirSync(join(REPO_ROOT, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`);
  const packageReadmes = ['apps', 'packages', 'tools', 'editors'].flatMap((dir) =>
    readdirSync(join(REPO_ROOT, dir))
      .map((name) => `${dir}/${name}/README.md`)
      .filter((file) => existsSync(join(REPO_ROOT, file))),
  );
  return ['README.md', ...docs, ...packageReadmes];
}

/** Every command of every ```sh block, and every `pnpm ...` written inline in the prose. */
export function documentedCommands(file: string): ShellCommand[] {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8');
  const commands: ShellCommand[] = [];
  for (const block of text.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)) {
    const offset = (block.index ?? 0) + block[0].indexOf('\n') + 1;
    commands.push(...splitCommands(block[1] ?? '', (at) => `${file}:${lineAt(text, offset + at)}`));
  }
  const prose = text.replace(/^```[\s\S]*?^```/gm, (fence) => fence.replace(/[^\n]/g, ' '));
  for (const inline of prose.matchAll(/`(pnpm [^`]+)`/g)) {
    commands.push(
      ...splitCommands(
        (inline[1] ?? '').replace(/\s+/g, ' '),
        () => `${file}:${lineAt(text, inline.index ?? 0)}`,
      ),
    );
  }
  return commands;
}

/** The `Usage: pnpm ...` line of each CLI in apps/api/src/cli, as a command. */
export function cliUsageCommands(): ShellCommand[] {
  const dir = join(REPO_ROOT, 'apps/api/src/cli');
  return readdirSync(dir).flatMap((file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const usage = /Usage: (pnpm [^\n`]+)/.exec(text);
    // Only the command itself: the rest of the line is option syntax (`<a | b>`, `[--x ...]`).
    const command = usage ? splitCommands(usage[1] ?? '', () => `apps/api/src/cli/${file}`)[0] : undefined;
    return command ? [command] : [];
  });
}
