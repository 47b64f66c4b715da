/** A candidate the backtests page offers: plan text (the editor's, the saved draft) or a published version. */
export type BacktestChoice =
  | { id: string; label: string; text: string }
  | { id: string; label: string; planId: string; version: number };

/** The StartBacktestInput candidates of the ticked choices, each labelled as the page lists it. */
export function candidateInputs(
  choices: readonly BacktestChoice[],
  chosen: ReadonlySet<string>,
): ({ label: string; text: string } | { label: string; planId: string; version: number })[] {
  return choices
    .filter((choice) => chosen.has(choice.id))
    .map((choice) =>
      'text' in choice
        ? { label: choice.label, text: choice.text }
        : { label: choice.label, planId: choice.planId, version: choice.version },
    );
}

/** Participant ids as a person types them: separated by commas, spaces or new lines, each once. */
export function parseParticipantIds(typed: string): string[] {
  return [...new Set(typed.split(/[\s,;]+/).filter((id) => id !== ''))];
}

const EDITOR_TEXT = 'attain.backtest-text.';

/** Keeps the editor's text of a plan for the backtests page, in this tab only (sessionStorage). */
export function keepEditorText(planId: string, text: string): void {
  sessionStorage.setItem(EDITOR_TEXT + planId, text);
}

/** The editor's text of a plan that "Backtest this text" kept, or null. */
export function editorTextFor(planId: string): string | null {
  return typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(EDITOR_TEXT + planId);
}
