/** The plan files named on the command line: files as given, directories searched for *.plan. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Each path, or every .plan file below a directory, sorted; a missing path is an error to report. */
export async function planFiles(paths: readonly string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) missing.push(path);
    else if (info.isDirectory()) files.push(...(await plansBelow(path)));
    else files.push(path);
  }
  return { files, missing };
}

async function plansBelow(directory: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of (await readdir(directory, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(directory, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
      found.push(...(await plansBelow(path)));
    else if (entry.isFile() && entry.name.endsWith('.plan')) found.push(path);
  }
  return found;
}
