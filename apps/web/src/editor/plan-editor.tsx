import { autocompletion, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, syntaxHighlighting } from '@codemirror/language';
import { linter, lintGutter, nextDiagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { toEditorDiagnostics } from './editor-diagnostics';
import { lintActions, planCompletionSource, planLanguageFeatures } from './language-features';
import type { CheckOutcome, PlanChecker } from './plan-checker';
import { planHighlightStyle, planLanguage } from './plan-language';

/** What the page can do to the editor: replace its text (format), read it, insert a snippet. */
export interface PlanEditorHandle {
  setText(text: string): void;
  getText(): string;
  /** Inserts text at the start of the cursor's line, and focuses the editor after it. */
  insertAtLine(text: string): void;
}

export interface PlanEditorProps {
  initialText: string;
  checker: PlanChecker;
  readOnly?: boolean;
  onChange?: (text: string) => void;
  /** Called with each check of the current text, for the list under the editor. */
  onChecked?: (outcome: CheckOutcome, text: string) => void;
}

/** How long typing pauses before the text is checked again. */
const CHECK_DELAY_MS = 100;

/**
 * CodeMirror 6 with plan highlighting, live diagnostics and the language services (completion,
 * hover, quick fixes) of the rules package.
 */
export const PlanEditor = forwardRef<PlanEditorHandle, PlanEditorProps>(function PlanEditor(
  { initialText, checker, readOnly = false, onChange, onChecked },
  ref,
) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, onChecked });
  callbacks.current = { onChange, onChecked };

  useImperativeHandle(ref, () => ({
    setText(text: string) {
      const current = view.current;
      if (!current) return;
      current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: text } });
    },
    getText() {
      return view.current?.state.doc.toString() ?? '';
    },
    insertAtLine(text: string) {
      const current = view.current;
      if (!current) return;
      // At a line's start, so a declaration never lands inside another; a blank line after it.
      const line = current.state.doc.lineAt(current.state.selection.main.head);
      const insert = `${text}\n`;
      current.dispatch({
        changes: { from: line.from, insert },
        selection: { anchor: line.from + insert.length },
        scrollIntoView: true,
      });
      current.focus();
    },
  }));

  // biome-ignore lint/correctness/useExhaustiveDependencies: the editor is made once; later text comes through setText.
  useEffect(() => {
    if (!host.current) return;
    const planLinter = linter(
      async (editorView) => {
        const doc = editorView.state.doc;
        const text = doc.toString();
        const outcome = await checker.check(text);
        callbacks.current.onChecked?.(outcome, text);
        // The text may have changed while the worker checked; CodeMirror maps the ranges.
        return toEditorDiagnostics(outcome, text.length, readOnly ? undefined : lintActions(checker, doc));
      },
      { delay: CHECK_DELAY_MS },
    );
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: initialText,
        extensions: [
          lineNumbers(),
          highlightActiveLine(),
          history(),
          bracketMatching(),
          // F8 goes to the next problem. Not lintKeymap's Ctrl-Shift-M panel: axe finds its fix
          // buttons nested in list options and its code text too faint; Ctrl-. is the keyboard's way.
          keymap.of([
            ...completionKeymap,
            { key: 'F8', run: nextDiagnostic },
            ...defaultKeymap,
            ...historyKeymap,
          ]),
          planLanguage,
          syntaxHighlighting(planHighlightStyle),
          planLinter,
          lintGutter(),
          // Completion opens as a word is typed, or with Ctrl-Space; the items are the rules package's.
          // No icons: CodeMirror draws them with emoji, which the console's fonts may lack.
          autocompletion({ override: [planCompletionSource(checker)], icons: false }),
          planLanguageFeatures(checker),
          EditorState.readOnly.of(readOnly),
          // An explicit tabindex tells accessibility checkers the scrolled text takes focus.
          EditorView.contentAttributes.of({
            'aria-label': 'Plan text',
            'aria-multiline': 'true',
            tabindex: '0',
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange?.(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
  }, []);

  return <div className="plan-editor" ref={host} data-testid="plan-editor" />;
});
