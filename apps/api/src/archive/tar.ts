/**
 * The few parts of POSIX ustar (IEEE 1003.1-1988) an archive of ours needs: regular files with
 * short names, written and read as streams. Hand-written rather than a dependency because it is
 * this small; `tar -tzf` and every other tar reader list what it writes.
 */

const BLOCK = 512;
/** Largest entry a ustar header can state: 11 octal digits. */
export const MAX_ENTRY_BYTES = 8 ** 11 - 1;

/** Something wrong with the tar structure itself; `offset` is the byte of the tar stream it was found at. */
export class TarFormatError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** The 512-byte header of a regular file `name` of `size` bytes. */
export function tarHeader(name: string, size: number, modified: Date): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) throw new Error(`tar entry name too long: ${name}`);
  if (!(Number.isSafeInteger(size) && size >= 0 && size <= MAX_ENTRY_BYTES)) {
    throw new Error(`tar entry too large: ${name} (${size} bytes)`);
  }
  const header = Buffer.alloc(BLOCK);
  nameBytes.copy(header, 0);
  header.write('0000644\0', 100, 'ascii'); // mode
  header.write('0000000\0', 108, 'ascii'); // uid
  header.write('0000000\0', 116, 'ascii'); // gid
  header.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  header.write(
    `${Math.floor(modified.getTime() / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
    'ascii',
  );
  header.write('        ', 148, 'ascii'); // checksum field counts as spaces while summing
  header.write('0', 156, 'ascii'); // regular file
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  header.write(`${checksum(header).toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

/** The zero bytes that pad an entry of `size` bytes to a whole block. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** Two zero blocks: the end of an archive. */
export function tarEnd(): Buffer {
  return Buffer.alloc(2 * BLOCK);
}

function checksum(header: Buffer): number {
  let sum = 0;
  for (const byte of header) sum += byte;
  return sum;
}

/** What reading a tar stream yields: an entry's header, then its bytes in pieces, then its end. */
export type TarEvent =
  | { type: 'entry'; name: string; size: number }
  | { type: 'data'; chunk: Buffer }
  | { type: 'entryEnd'; name: string };

/**
 * Reads a tar stream piece by piece, in constant memory. Throws TarFormatError on a damaged
 * header or a stream that ends inside an entry or before the end blocks (a truncated file).
 */
export async function* readTar(source: AsyncIterable<Buffer>): AsyncGenerator<TarEvent> {
  let pending: Buffer = Buffer.alloc(0);
  let offset = 0; // of pending[0] in the stream
  let entry: { name: string; remaining: number; padding: number } | null = null;
  let ended = false;
  for await (const piece of source) {
    pending = pending.length === 0 ? piece : Buffer.concat([pending, piece]);
    for (;;) {
      if (ended) {
        pending = Buffer.alloc(0);
        break;
      }
      if (entry) {
        if (entry.remaining > 0) {
          if (pending.length === 0) break;
          const take = Math.min(entry.remaining, pending.length);
          yield { type: 'data', chunk: pending.subarray(0, take) };
          pending = pending.subarray(take);
          offset += take;
          entry.remaining -= take;
          continue;
        }
        if (pending.length < entry.padding) break;
        pending = pending.subarray(entry.padding);
        offset += entry.padding;
        const { name } = entry;
        entry = null;
        yield { type: 'entryEnd', name };
        continue;
      }
      if (pending.length < BLOCK) break;
      const header = pending.subarray(0, BLOCK);
      if (header.every((byte) => byte === 0)) {
        ended = true;
        continue;
      }
      const parsed = parseHeader(header, offset);
      pending = pending.subarray(BLOCK);
      offset += BLOCK;
      entry = { name: parsed.name, remaining: parsed.size, padding: (BLOCK - (parsed.size % BLOCK)) % BLOCK };
      yield { type: 'entry', name: parsed.name, size: parsed.size };
    }
  }
  if (entry) {
    throw new TarFormatError(
      `the archive ends inside "${entry.name}", ${entry.remaining} bytes short`,
      offset,
    );
  }
  if (!ended) throw new TarFormatError('the archive ends without its end-of-archive blocks', offset);
}

function parseHeader(header: Buffer, offset: number): { name: string; size: number } {
  const stored = Number.parseInt(field(header, 148, 8), 8);
  const copy = Buffer.from(header);
  copy.write('        ', 148, 'ascii');
  if (stored !== checksum(copy)) {
    throw new TarFormatError('a tar header has a wrong checksum (the file is damaged)', offset);
  }
  const type = String.fromCharCode(header[156] ?? 0);
  if (type !== '0' && type !== '\0') {
    throw new TarFormatError(`a tar entry is of type "${type}", not a regular file`, offset);
  }
  const prefix = field(header, 345, 155);
  const name = field(header, 0, 100);
  const size = Number.parseInt(field(header, 124, 12), 8);
  if (!Number.isSafeInteger(size)) throw new TarFormatError('a tar header states no size', offset);
  return { name: prefix ? `${prefix}/${name}` : name, size };
}

function field(header: Buffer, start: number, length: number): string {
  const bytes = header.subarray(start, start + length);
  const end = bytes.indexOf(0);
  return bytes
    .subarray(0, end === -1 ? length : end)
    .toString('utf8')
    .trim();
}
