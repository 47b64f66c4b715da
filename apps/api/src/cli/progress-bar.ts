/** A one-line progress bar on a terminal; silent when output is piped, so logs stay clean. */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr) {
  const enabled = stream.isTTY === true;
  const width = 30;
  return {
    update(label: string, done: number, total: number) {
      if (!enabled || total === 0) return;
      const filled = Math.round((done / total) * width);
      const percent = Math.floor((done / total) * 100);
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}% ${done}/${total}`,
      );
    },
    done() {
      if (enabled) stream.write('\n');
    },
    /** A finished step as one line: over the bar on a terminal, a plain line otherwise. */
    line(text: string) {
      stream.write(enabled ? `\r\x1b[K${text}\n` : `${text}\n`);
    },
  };
}
