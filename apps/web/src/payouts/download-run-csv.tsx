import { PayoutRunLinesQuery } from '@attain/client';
import { useState } from 'react';
import { ApiError, type ResultOf, request } from '../graphql';
import { useSession } from '../session';
import { type CsvLine, runCsv } from './run-csv';

/** Every line of every statement of a run, 25 statements a request (the API's query cost limit). */
async function readRunLines(
  key: string,
  runId: string,
  onRead: (statements: number) => void,
): Promise<CsvLine[]> {
  const lines: CsvLine[] = [];
  let after: string | null = null;
  let statements = 0;
  for (;;) {
    const cursor: string | null = after;
    const result: ResultOf<typeof PayoutRunLinesQuery> = await request(key, PayoutRunLinesQuery, {
      id: runId,
      after: cursor,
    });
    const run = result.node;
    if (run?.__typename !== 'PayoutRun') throw new ApiError('The payout run is gone.', 'NOT_FOUND', 200);
    for (const { node: statement } of run.statements.edges) {
      statements += 1;
      for (const line of statement.lines) {
        lines.push({
          participantId: statement.participant?.externalId ?? '',
          participantName: statement.participant?.name ?? '',
          plan: run.plan?.name ?? '',
          period: run.period,
          component: line.component,
          kind: line.kind,
          from: line.from,
          to: line.to,
          amountMinor: line.amount.minorUnits,
          currency: statement.currency,
        });
      }
    }
    onRead(statements);
    if (!run.statements.pageInfo.hasNextPage || !run.statements.pageInfo.endCursor) return lines;
    after = run.statements.pageInfo.endCursor;
  }
}

/** A button that downloads every payout line of a run as a CSV file, built in the browser. */
export function DownloadRunCsv({ runId, fileName }: { runId: string; fileName: string }) {
  const { key } = useSession();
  const [state, setState] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    setState('Reading the statements…');
    try {
      const lines = await readRunLines(key, runId, (count) => setState(`Read ${count} statements…`));
      const url = URL.createObjectURL(new Blob([runCsv(lines)], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      // The download has started from the URL; the browser may let it go now.
      setTimeout(() => URL.revokeObjectURL(url), 0);
      setState(`Downloaded ${fileName}: ${lines.length} lines.`);
    } catch (error) {
      setState(`Could not download the run: ${error instanceof ApiError ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="actions">
      <button type="button" className="secondary" disabled={busy} onClick={download}>
        Download CSV
      </button>
      {state ? (
        <span role="status" className="muted">
          {state}
        </span>
      ) : null}
    </div>
  );
}
