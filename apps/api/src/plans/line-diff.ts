/** One line of a diff between two texts. */
export interface DiffLine {
  /** 'same' lines appear in both, 'removed' only in the old text, 'added' only in the new one. */
  change: 'same' | 'removed' | 'added';
  /** 1-based line number in the old text (null for added lines). */
  oldLine: number | null;
  /** 1-based line number in the new text (null for removed lines). */
  newLine: number | null;
  text: string;
}

/**
 * A line diff by longest common subsequence. Plan texts are a few hundred lines, so the
 * quadratic table is small; removals come before additions where lines were replaced.
 */
export function diffLines(oldText: string, newText: string): DiffLine[] {
  const a = oldText.split(/\r?\n/);
  const b = newText.split(/\r?\n/);
  // common[i][j] = length of the LCS of a[i..] and b[j..], as one flat array.
  const width = b.length + 1;
  const common = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i * width + j] =
        a[i] === b[j]
          ? (common[(i + 1) * width + j + 1] as number) + 1
          : Math.max(common[(i + 1) * width + j] as number, common[i * width + j + 1] as number);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ change: 'same', oldLine: i + 1, newLine: j + 1, text: a[i] as string });
      i++;
      j++;
    } else if (
      j >= b.length ||
      (i < a.length && (common[(i + 1) * width + j] as number) >= (common[i * width + j + 1] as number))
    ) {
      lines.push({ change: 'removed', oldLine: i + 1, newLine: null, text: a[i] as string });
      i++;
    } else {
      lines.push({ change: 'added', oldLine: null, newLine: j + 1, text: b[j] as string });
      j++;
    }
  }
  return lines;
}
