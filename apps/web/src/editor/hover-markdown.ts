/**
 * The small markdown the language services write in hovers (paragraphs, `- ` lists, **bold**,
 * `code`), read into plain data and built as DOM nodes with textContent only: the text comes
 * from a plan anyone may have written, so none of it is ever parsed as HTML.
 */

/** A run of text in one style. */
export interface Inline {
  style: 'text' | 'bold' | 'code';
  text: string;
}

/** A paragraph (its lines kept apart) or a bulleted list (one inline run per item). */
export type Block = { kind: 'paragraph'; lines: Inline[][] } | { kind: 'list'; items: Inline[][] };

/** Code spans first (nothing inside them is markup), then bold; an unclosed marker is text. */
export function parseInline(text: string): Inline[] {
  const runs: Inline[] = [];
  const pattern = /`([^`]+)`|\*\*(.+?)\*\*/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) runs.push({ style: 'text', text: text.slice(last, match.index) });
    if (match[1] !== undefined) runs.push({ style: 'code', text: match[1] });
    else runs.push({ style: 'bold', text: match[2]! });
    last = match.index + match[0].length;
  }
  if (last < text.length) runs.push({ style: 'text', text: text.slice(last) });
  return runs;
}

/** Blocks are separated by blank lines; a block of `- ` lines is a list, any other a paragraph. */
export function parseMarkdown(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of markdown.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk.split('\n').filter((line) => line.trim() !== '');
    if (lines.length === 0) continue;
    if (lines.every((line) => /^\s*[-*] /.test(line))) {
      blocks.push({ kind: 'list', items: lines.map((line) => parseInline(line.replace(/^\s*[-*] /, ''))) });
    } else {
      blocks.push({ kind: 'paragraph', lines: lines.map((line) => parseInline(line.trim())) });
    }
  }
  return blocks;
}

function appendInline(parent: HTMLElement, runs: Inline[]): void {
  for (const run of runs) {
    if (run.style === 'text') {
      parent.append(document.createTextNode(run.text));
    } else {
      const element = document.createElement(run.style === 'bold' ? 'strong' : 'code');
      element.textContent = run.text;
      parent.append(element);
    }
  }
}

/** The markdown as DOM nodes in `parent`, built with textContent and text nodes only. */
export function renderMarkdown(parent: HTMLElement, markdown: string): void {
  for (const block of parseMarkdown(markdown)) {
    if (block.kind === 'list') {
      const list = document.createElement('ul');
      for (const item of block.items) {
        const li = document.createElement('li');
        appendInline(li, item);
        list.append(li);
      }
      parent.append(list);
    } else {
      const paragraph = document.createElement('p');
      block.lines.forEach((line, index) => {
        if (index > 0) paragraph.append(document.createElement('br'));
        appendInline(paragraph, line);
      });
      parent.append(paragraph);
    }
  }
}
