import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, validate } from 'graphql';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { documentCosts, MAX_QUERY_COST } from '../src/plugins/use-cost-limit.js';
import { schema } from '../src/schema/index.js';
import { useTestDatabase } from './support/database.js';
import {
  cliUsageCommands,
  documentationFiles,
  documentedCommands,
  REPO_ROOT,
  type ShellCommand,
  splitCommands,
} from './support/shell-commands.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * pnpm's own commands: `pnpm <name>` runs one of these, not a package script of that name
 * (`pnpm --filter @attain/api import` ran pnpm's `import`). `start`, `test`, `restart` and `stop`
 * run the script. From https://pnpm.io/cli/add and its siblings, pnpm 10.
 */
const PNPM_BUILTINS = new Set(
  'add approve-builds audit bin cat-file cat-index config create dedupe deploy dlx doctor env exec fetch find-hash i ignored-builds import init install install-test it licenses link list ln ls outdated pack patch patch-commit patch-remove prune publish rb rebuild remove rm root run self-update server setup store un uninstall unlink up update upgrade why'.split(
    ' ',
  ),
);
const SCRIPT_BUILTINS = new Set(['start', 'test', 'restart', 'stop', 't']);

interface Workspace {
  dir: string;
  scripts: Record<string, string>;
}

function readPackage(dir: string): { name: string } & Workspace {
  const json = JSON.parse(readFileSync(join(REPO_ROOT, dir, 'package.json'), 'utf8'));
  return { name: json.name, dir, scripts: json.scripts ?? {} };
}

const run = promisify(execFile);
const root = readPackage('.');
/** The workspace's package folders, from the `group/*` globs of pnpm-workspace.yaml. */
const groups = [
  ...readFileSync(join(REPO_ROOT, 'pnpm-workspace.yaml'), 'utf8').matchAll(/^ {2}- (\w+)\/\*$/gm),
].map((match) => match[1] as string);
const packages = new Map(
  groups
    .flatMap((group) => readdirSync(join(REPO_ROOT, group)).map((name) => `${group}/${name}`))
    .filter((dir) => existsSync(join(REPO_ROOT, dir, 'package.json')))
    .map((dir) => readPackage(dir))
    .map((pkg) => [pkg.name, pkg] as const),
);

/** Commands the workspace's packages install (`bin`), e.g. `attain` of packages/cli. */
const bins = new Set(
  [...packages.values()].flatMap(({ dir }) => {
    const { bin } = JSON.parse(readFileSync(join(REPO_ROOT, dir, 'package.json'), 'utf8'));
    return typeof bin === 'object' && bin !== null ? Object.keys(bin) : [];
  }),
);

/** Tools of other projects the docs tell people to run, each with why it is expected. */
const EXTERNAL_TOOLS = new Map([
  ['code', "VS Code's own command line, to install the packaged extension"],
  ['head', 'a standard utility, in a pipe'],
  ['echo', 'a standard utility'],
]);

/** Why `pnpm ...` as written would not run the script it names; null when it would. */
function pnpmProblem(args: string[]): string | null {
  let target: Workspace = root;
  let rest = args;
  if (rest[0] === '--filter' || rest[0] === '-F') {
    const found = packages.get(rest[1] ?? '');
    if (!found) return `no workspace package is named ${rest[1]}`;
    target = found;
    rest = rest.slice(2);
  }
  const [command, next] = rest;
  if (command === undefined) return 'no command after pnpm';
  if (command === 'install' || command === 'i') return null;
  if (command === 'exec') {
    // `exec tsx <file>`: the file must exist in the package.
    const file = rest.slice(2).find((arg) => /\.(ts|js|mjs)$/.test(arg));
    return file && !existsSync(join(REPO_ROOT, target.dir, file))
      ? `${target.dir}/${file} does not exist`
      : null;
  }
  if (command === 'run') {
    return next && target.scripts[next] !== undefined ? null : `${target.dir} has no script "${next}"`;
  }
  if (PNPM_BUILTINS.has(command)) {
    return `"pnpm ${command}" runs pnpm's own ${command} command, not the script; rename the script or write "pnpm run ${command}"`;
  }
  if (target.scripts[command] === undefined && !(SCRIPT_BUILTINS.has(command) && command === 'test')) {
    return `${target.dir}/package.json has no script "${command}"`;
  }
  return null;
}

/** The GraphQL request a `gql '<json>'` or `curl -d '<json>'` command sends. */
function requestBody(command: ShellCommand): { query: string; variables?: Record<string, unknown> } | null {
  const [name, ...args] = command.argv;
  const body = name === 'gql' ? args[0] : args[args.indexOf('-d') + 1];
  return body === undefined ? null : JSON.parse(body);
}

/** Why a documented command would not run as written; null when it would. */
function commandProblem(command: ShellCommand): string | null {
  const [name, ...args] = command.argv;
  switch (name) {
    case 'pnpm':
      return pnpmProblem(args);
    case 'npm':
      return args.join(' ') === 'i -g pnpm@10' ? null : 'only "npm i -g pnpm@10" is expected';
    case 'gql':
    case 'curl': {
      const request = requestBody(command);
      if (!request) return 'no request body (-d)';
      const errors = validate(schema, parse(request.query));
      if (errors.length > 0) return errors.map((error) => error.message).join('; ');
      const cost = Math.max(...documentCosts(schema, parse(request.query)).values());
      return cost > MAX_QUERY_COST ? `costs ${cost}, over the limit` : null;
    }
    default:
      if (bins.has(name ?? '') || EXTERNAL_TOOLS.has(name ?? '')) return null;
      return `"${name}" is neither a pnpm script, a workspace package's command nor a known tool`;
  }
}

const documented = documentationFiles().flatMap((file) => documentedCommands(file));

describe('the shell commands in README.md and docs/', () => {
  it('reads the commands out of the fenced blocks and the prose', () => {
    // The quick start, create-key, the import from files, the console's dev server at least.
    const pnpm = documented.filter((command) => command.argv[0] === 'pnpm').map((c) => c.argv.join(' '));
    expect(pnpm).toEqual(
      expect.arrayContaining([
        'pnpm install',
        'pnpm start',
        'pnpm --filter @attain/api create-key --role admin --name first admin --owner dana@example.com',
        'pnpm --filter @attain/api import-file --kind participants people.csv',
        'pnpm --filter @attain/web dev',
        'pnpm --filter @attain/api run export --out attain-2026-12-01.tar.gz',
        'pnpm --filter @attain/api run restore --in attain-2026-12-01.tar.gz',
      ]),
    );
    expect(documented.filter((command) => command.argv[0] === 'gql').length).toBeGreaterThan(20);
  });

  it('name only scripts that exist, and none that pnpm would run as its own command', () => {
    const problems = documented
      .map((command) => ({ command, problem: commandProblem(command) }))
      .filter(({ problem }) => problem !== null)
      .map(({ command, problem }) => `${command.where}: ${command.argv.join(' ')}: ${problem}`);
    expect(problems).toEqual([]);
  });

  it("name the CLI's script in each CLI's own usage text", () => {
    const problems = cliUsageCommands()
      .map((command) => ({ command, problem: pnpmProblem(command.argv.slice(1)) }))
      .filter(({ problem }) => problem !== null)
      .map(({ command, problem }) => `${command.where}: ${problem}`);
    expect(cliUsageCommands().length).toBeGreaterThanOrEqual(4);
    expect(problems).toEqual([]);
  });

  it('would have caught the import command that ran pnpm import', () => {
    const [command] = splitCommands('pnpm --filter @attain/api import --kind facts x.csv', () => 'x');
    expect(commandProblem(command!)).toBe(
      '"pnpm import" runs pnpm\'s own import command, not the script; rename the script or write "pnpm run import"',
    );
  });
});

describe('the GraphQL calls in docs/, sent in the order the docs give them', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
  });

  it('answer without an error on a fresh database, each with the key its doc says', async () => {
    const failures: string[] = [];
    for (const command of documented) {
      if (command.argv[0] !== 'gql' && command.argv[0] !== 'curl') continue;
      const request = requestBody(command);
      if (!request) continue;
      const keyless = command.argv[0] === 'curl' && !command.argv.some((arg) => /authorization/i.test(arg));
      const response = await api.graphql(
        request.query,
        request.variables,
        keyless ? undefined : api.keys.admin,
      );
      // An id written as "<id>" is for the reader to fill in: it may only name nothing.
      const placeholder = /"<[^"]+>"/.test(JSON.stringify(request.variables ?? {}));
      const expectedStatus = /HTTP\/1\.1 (\d{3})/.exec(command.comment)?.[1];
      if (expectedStatus) {
        if (String(response.status) !== expectedStatus)
          failures.push(`${command.where}: status ${response.status}`);
      } else if (response.errors?.some((error) => !(placeholder && error.extensions?.code === 'NOT_FOUND'))) {
        failures.push(`${command.where}: ${JSON.stringify(response.errors)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  // Each command starts pnpm and tsx, 10-40 s apiece on a loaded machine: a limit against hangs.
  it('creates the keys of the documented create-key commands, run as written', {
    timeout: 600_000,
  }, async () => {
    // After the calls above, so the participant p-ada that docs/api.md imports exists.
    const createKey = documented.filter(
      (command) => command.argv.slice(0, 4).join(' ') === 'pnpm --filter @attain/api create-key',
    );
    expect(createKey.length).toBeGreaterThanOrEqual(2);
    const env = { ...process.env, MONGODB_URI: inject('mongoUri'), MONGODB_DB: store.db.databaseName };
    for (const command of createKey.filter((c) => c.argv.every((arg) => !arg.startsWith('<')))) {
      const { stdout } = await run('pnpm', command.argv.slice(1), { cwd: REPO_ROOT, env });
      expect(stdout.trim().split('\n').at(-1), command.where).toMatch(/^attain_[A-Za-z0-9_-]{43}$/);
    }
  });
});
