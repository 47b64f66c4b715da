/**
 * The rules package's language services in the editor: completion, hover and code actions, each
 * asked of the checker worker with the document's version and answered in LSP's shapes, which
 * are mapped to CodeMirror's offsets here. An answer about a version the editor no longer shows
 * is dropped.
 */
import type { CodeAction, CompletionItem, Hover } from '@attain/rules';
import {
  type Completion,
  type CompletionContext,
  type CompletionResult,
  insertCompletionText,
} from '@codemirror/autocomplete';
import type { Action } from '@codemirror/lint';
import { type EditorState, type Extension, StateEffect, StateField, type Text } from '@codemirror/state';
import {
  EditorView,
  hoverTooltip,
  type KeyBinding,
  keymap,
  showTooltip,
  type Tooltip,
} from '@codemirror/view';
import { changesOf, offsetOf, positionOf } from './editor-diagnostics';
import { renderMarkdown } from './hover-markdown';
import type { PlanChecker } from './plan-checker';

/** Counts the document's changes: the version a language-service request names. */
export const documentVersion = StateField.define<number>({
  create: () => 0,
  update: (version, transaction) => (transaction.docChanged ? version + 1 : version),
});

function versionOf(state: EditorState): number {
  return state.field(documentVersion, false) ?? 0;
}

/** CodeMirror's icon for each LSP CompletionItemKind the services use. */
const COMPLETION_TYPES: Record<number, string> = {
  5: 'property',
  6: 'variable',
  7: 'class',
  9: 'namespace',
  10: 'property',
  12: 'constant',
  14: 'keyword',
  21: 'constant',
};

/** While typing, completion opens only on a word or a quoted name being typed, never on a space. */
const TYPED_WORD = /[A-Za-z_"][A-Za-z0-9_"-]*/;

/** One completion item as CodeMirror's, inserting exactly the service's text edit. */
function toCompletion(doc: Text, item: CompletionItem, from: number, to: number): Completion {
  const start = offsetOf(doc, item.textEdit.range.start);
  const end = offsetOf(doc, item.textEdit.range.end);
  const newText = item.textEdit.newText;
  return {
    label: item.label,
    ...(item.detail ? { detail: item.detail } : {}),
    ...(COMPLETION_TYPES[item.kind] ? { type: COMPLETION_TYPES[item.kind] } : {}),
    // The services give one range for every item; an item with its own range replaces that range.
    apply:
      start === from && end === to
        ? newText
        : (view, _completion, _from, typedTo) =>
            view.dispatch(insertCompletionText(view.state, newText, start, Math.max(end, typedTo))),
  };
}

/** The completion source: the service's items at the cursor, in its order (best first). */
export function planCompletionSource(checker: PlanChecker) {
  return async (context: CompletionContext): Promise<CompletionResult | null> => {
    if (!context.explicit && !context.matchBefore(TYPED_WORD)) return null;
    const { state } = context;
    const reply = await checker.complete(
      versionOf(state),
      state.doc.toString(),
      positionOf(state.doc, context.pos),
    );
    const stale = context.view && versionOf(context.view.state) !== reply.version;
    const first = reply.value[0];
    if (context.aborted || stale || !first) return null;
    const from = offsetOf(state.doc, first.textEdit.range.start);
    const to = offsetOf(state.doc, first.textEdit.range.end);
    return {
      from,
      to,
      // The service has already kept only the items that start with the typed word, best first.
      filter: false,
      options: reply.value.map((item) => toCompletion(state.doc, item, from, to)),
    };
  };
}

/** A hover's markdown as a tooltip over its range, rendered without HTML. */
function hoverTooltipOf(doc: Text, hover: Hover, pos?: number): Tooltip {
  return {
    pos: pos ?? offsetOf(doc, hover.range.start),
    end: offsetOf(doc, hover.range.end),
    above: true,
    create: () => {
      const dom = document.createElement('div');
      dom.className = 'cm-plan-hover';
      dom.setAttribute('role', 'tooltip');
      dom.setAttribute('data-testid', 'plan-hover');
      renderMarkdown(dom, hover.contents);
      return { dom };
    },
  };
}

/** Hover with the mouse: what the name, band or component under the pointer means. */
function planHover(checker: PlanChecker): Extension {
  return hoverTooltip(
    async (view, pos) => {
      const version = versionOf(view.state);
      const reply = await checker.hover(version, view.state.doc.toString(), positionOf(view.state.doc, pos));
      if (!reply.value || versionOf(view.state) !== reply.version) return null;
      return hoverTooltipOf(view.state.doc, reply.value);
    },
    { hoverTime: 300 },
  );
}

/** Applies a code action's edits, made against `doc`, to the editor (one undoable change). */
function applyEdits(view: EditorView, doc: Text, action: CodeAction): void {
  view.dispatch({ changes: changesOf(doc, action.edits), userEvent: 'input.fix', scrollIntoView: true });
}

/**
 * A diagnostic's quick fixes as lint actions. The fixes were made for the text the checker saw;
 * when the text has changed since, the fixes of the diagnostic's (mapped) range are asked again
 * and the one with the same title applied, so an edit never lands on moved text.
 */
export function lintActions(checker: PlanChecker, checkedDoc: Text) {
  return (fixes: CodeAction[]): Action[] =>
    fixes.map((fix) => ({
      name: fix.title,
      apply: (view, from, to) => {
        if (view.state.doc === checkedDoc) {
          applyEdits(view, checkedDoc, fix);
          return;
        }
        const doc = view.state.doc;
        const range = { start: positionOf(doc, from), end: positionOf(doc, to) };
        void checker.codeActions(versionOf(view.state), doc.toString(), range).then((reply) => {
          const again = reply.value.find((action) => action.title === fix.title);
          if (again && view.state.doc === doc) applyEdits(view, doc, again);
        });
      },
    }));
}

/** The tooltip opened from the keyboard (a hover at the cursor, or the quick-fix menu), if any. */
const setKeyboardTooltip = StateEffect.define<Tooltip | null>();

const keyboardTooltip = StateField.define<Tooltip | null>({
  create: () => null,
  update(tooltip, transaction) {
    for (const effect of transaction.effects) if (effect.is(setKeyboardTooltip)) return effect.value;
    // Typing or moving the cursor closes it: it was about the old place.
    return transaction.docChanged || transaction.selection ? null : tooltip;
  },
  provide: (field) => showTooltip.from(field),
});

function closeKeyboardTooltip(view: EditorView): boolean {
  if (!view.state.field(keyboardTooltip)) return false;
  view.dispatch({ effects: setKeyboardTooltip.of(null) });
  view.focus();
  return true;
}

/** The hover of the thing at the cursor, for the keyboard (Ctrl-K Ctrl-I, as in VS Code). */
function hoverAtCursor(checker: PlanChecker) {
  return (view: EditorView): boolean => {
    const { state } = view;
    const head = state.selection.main.head;
    void checker.hover(versionOf(state), state.doc.toString(), positionOf(state.doc, head)).then((reply) => {
      if (versionOf(view.state) !== reply.version || view.state.selection.main.head !== head) return;
      const tooltip = reply.value
        ? hoverTooltipOf(view.state.doc, reply.value, head)
        : messageTooltip(head, 'Nothing to explain here.');
      view.dispatch({ effects: setKeyboardTooltip.of(tooltip) });
    });
    return true;
  };
}

function messageTooltip(pos: number, message: string): Tooltip {
  return {
    pos,
    above: true,
    create: () => {
      const dom = document.createElement('div');
      dom.className = 'cm-plan-hover';
      dom.setAttribute('role', 'status');
      dom.textContent = message;
      return { dom };
    },
  };
}

/** The quick-fix menu: one button per code action, focused, arrows to move, Escape to close. */
function actionMenu(view: EditorView, doc: Text, actions: CodeAction[], pos: number): Tooltip {
  return {
    pos,
    create: () => {
      const dom = document.createElement('div');
      dom.className = 'cm-plan-actions';
      dom.setAttribute('role', 'menu');
      dom.setAttribute('aria-label', 'Quick fixes');
      const buttons = actions.map((action) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.setAttribute('role', 'menuitem');
        button.textContent = action.title;
        button.addEventListener('click', () => {
          view.dispatch({ effects: setKeyboardTooltip.of(null) });
          if (view.state.doc === doc) applyEdits(view, doc, action);
          view.focus();
        });
        return button;
      });
      dom.append(...buttons);
      dom.addEventListener('keydown', (event) => {
        const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
        const move = { ArrowDown: 1, ArrowUp: -1 }[event.key];
        if (move) {
          event.preventDefault();
          buttons[(index + move + buttons.length) % buttons.length]?.focus();
        } else if (event.key === 'Escape') {
          event.preventDefault();
          closeKeyboardTooltip(view);
        }
      });
      return { dom, mount: () => buttons[0]?.focus() };
    },
  };
}

/** Ctrl-. (Cmd-. on a Mac): the quick fixes and refactorings at the cursor or selection. */
function quickFixMenu(checker: PlanChecker) {
  return (view: EditorView): boolean => {
    const { state } = view;
    const { from, to } = state.selection.main;
    const doc = state.doc;
    const range = { start: positionOf(doc, from), end: positionOf(doc, to) };
    void checker.codeActions(versionOf(state), doc.toString(), range).then((reply) => {
      if (versionOf(view.state) !== reply.version || view.state.doc !== doc) return;
      const tooltip =
        reply.value.length > 0
          ? actionMenu(view, doc, reply.value, from)
          : messageTooltip(from, 'No quick fix here.');
      view.dispatch({ effects: setKeyboardTooltip.of(tooltip) });
    });
    return true;
  };
}

/** Hover, the keyboard's hover and quick-fix menu, and the document version they name. */
export function planLanguageFeatures(checker: PlanChecker): Extension {
  const bindings: KeyBinding[] = [
    { key: 'Mod-.', run: quickFixMenu(checker), preventDefault: true },
    { key: 'Mod-k Mod-i', run: hoverAtCursor(checker), preventDefault: true },
    { key: 'Escape', run: closeKeyboardTooltip },
  ];
  return [
    documentVersion,
    keyboardTooltip,
    planHover(checker),
    keymap.of(bindings),
    EditorView.baseTheme({
      '.cm-plan-hover': { padding: '0.25rem 0.5rem', maxWidth: '32rem' },
      '.cm-plan-hover p, .cm-plan-hover ul': { margin: '0.25rem 0' },
      '.cm-plan-hover ul': { paddingLeft: '1.25rem' },
      '.cm-plan-actions': { display: 'flex', flexDirection: 'column', padding: '0.25rem' },
      '.cm-plan-actions button': { textAlign: 'left', margin: '1px 0' },
    }),
  ];
}
