/**
 * The JavaScript a browser loads for the console's first page (sign-in), gzipped: the entry
 * script of index.html and every chunk it imports statically (the pages, the editor and the rules
 * package are lazy chunks, loaded after signing in). Reads the build's manifest: run
 * `pnpm --filter @attain/web build` first (`pnpm --filter @attain/web bench` does).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

const dist = resolve(import.meta.dirname, '..', 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<
  string,
  ManifestChunk
>;
const entry = manifest['index.html'];
if (!entry)
  throw new Error(
    'The build manifest has no index.html entry: build with `pnpm --filter @attain/web build`.',
  );

const files = new Set<string>();
const visit = (chunk: ManifestChunk) => {
  if (files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const name of chunk.imports ?? []) {
    const imported = manifest[name];
    if (imported) visit(imported);
  }
};
visit(entry);

let gzipped = 0;
for (const file of files) {
  const bytes = gzipSync(readFileSync(join(dist, file)), { level: 9 }).byteLength;
  gzipped += bytes;
  console.log(`  ${file}: ${(bytes / 1024).toFixed(1)} KB gzipped`);
}
console.log(`BENCH web_first_page_js_gzip_kb ${(gzipped / 1024).toFixed(1)}`);
