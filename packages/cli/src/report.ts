/** Diagnostics of plan files as text (file:line:col), JSON or SARIF 2.1.0 for code-scanning tools. */
import { DIAGNOSTIC_CODES, type Diagnostic } from '@attain/rules';

/** One file's diagnostics. */
export interface FileDiagnostics {
  file: string;
  diagnostics: Diagnostic[];
}

/** `plans/a.plan:12:5: error UNKNOWN_MEASURE The measure ...`, one line each; infos left out. */
export function textReport(results: readonly FileDiagnostics[]): string {
  const lines: string[] = [];
  for (const { file, diagnostics } of results) {
    for (const d of diagnostics) {
      if (d.severity === 'info') continue;
      lines.push(
        `${file}:${d.range.start.line}:${d.range.start.column}: ${d.severity} ${d.code} ${d.message}`,
      );
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** Every diagnostic, ranges 1-based as in the text report. */
export function jsonReport(results: readonly FileDiagnostics[]): string {
  const files = results.map(({ file, diagnostics }) => ({
    file,
    diagnostics: diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      message: d.message,
      range: {
        start: { line: d.range.start.line, column: d.range.start.column },
        end: { line: d.range.end.line, column: d.range.end.column },
      },
    })),
  }));
  return `${JSON.stringify({ files }, null, 2)}\n`;
}

const levels = { error: 'error', warning: 'warning', info: 'note' } as const;

/** A SARIF 2.1.0 log, one run, with a rule per diagnostic code. */
export function sarifReport(results: readonly FileDiagnostics[]): string {
  const used = new Set(results.flatMap((r) => r.diagnostics.map((d) => d.code)));
  const rules = DIAGNOSTIC_CODES.filter((code) => used.has(code)).map((id) => ({ id, name: id }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'attain', rules } },
        results: results.flatMap(({ file, diagnostics }) =>
          diagnostics.map((d) => ({
            ruleId: d.code,
            ruleIndex: rules.findIndex((r) => r.id === d.code),
            level: levels[d.severity],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: file.split('\\').join('/') },
                  region: {
                    startLine: d.range.start.line,
                    startColumn: d.range.start.column,
                    endLine: d.range.end.line,
                    endColumn: d.range.end.column,
                  },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
