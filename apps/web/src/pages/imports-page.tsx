import { type FileRecords, readCsv, readNdjson, recordsFormatOf } from '@attain/api/parse-records';
import {
  ImportAccountsMutation,
  ImportAssignmentsMutation,
  ImportFactsMutation,
  ImportGoalsMutation,
  ImportParticipantsMutation,
  ImportTeamsMutation,
} from '@attain/client';
import { type FormEvent, useState } from 'react';
import { Page } from '../components';
import { ApiError, ApiErrors, requestWithUploadProgress } from '../graphql';
import { type FileProblem, problemsAtLines, refusedVariablesAtLines } from '../imports/import-problems';
import { useSession } from '../session';

// One typed document per kind: each mutation takes its own input type.
const IMPORTS = {
  participants: ImportParticipantsMutation,
  teams: ImportTeamsMutation,
  accounts: ImportAccountsMutation,
  goals: ImportGoalsMutation,
  assignments: ImportAssignmentsMutation,
  facts: ImportFactsMutation,
};

type Kind = keyof typeof IMPORTS;
const KINDS = Object.keys(IMPORTS) as Kind[];

type Outcome =
  | { status: 'imported'; inserted: number; updated: number; unchanged: number }
  | { status: 'rejected'; problems: FileProblem[]; problemCount: number }
  | { status: 'refused'; message: string };

type Progress = { phase: string; percent: number | null };

/** Sends records as one import of a kind; a rejected or refused batch writes nothing. */
async function sendImport(
  key: string,
  kind: Kind,
  file: FileRecords,
  onUploaded: (sent: number, total: number) => void,
): Promise<Outcome> {
  let result: {
    __typename: string;
    inserted?: number;
    updated?: number;
    unchanged?: number;
    errorCount?: number;
    errors?: readonly { index: number; field: string; reason: string }[];
    code?: string;
    message?: string;
  };
  try {
    // The records are the file's cells as the API's parser typed them; the schema checks the rest.
    const data = (await requestWithUploadProgress(
      key,
      IMPORTS[kind] as typeof IMPORTS.facts,
      { records: file.records as never },
      onUploaded,
    )) as { result: typeof result };
    result = data.result;
  } catch (error) {
    if (error instanceof ApiErrors && error.code === 'BAD_USER_INPUT') {
      const problems = refusedVariablesAtLines(
        error.all.map((one) => one.message),
        file.lines,
      );
      return { status: 'rejected', problems, problemCount: problems.length };
    }
    return { status: 'refused', message: error instanceof ApiError ? error.message : String(error) };
  }
  if (result.__typename === 'ImportResult') {
    return {
      status: 'imported',
      inserted: result.inserted ?? 0,
      updated: result.updated ?? 0,
      unchanged: result.unchanged ?? 0,
    };
  }
  if (result.__typename === 'ImportRejected') {
    return {
      status: 'rejected',
      problems: problemsAtLines(result.errors ?? [], file.lines),
      problemCount: result.errorCount ?? 0,
    };
  }
  return { status: 'refused', message: `${result.message ?? 'Refused'} (${result.code ?? 'ERROR'})` };
}

/** Reads a file in the browser, reporting how much of it has been read. */
function readText(file: File, onRead: (read: number, total: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (event) => onRead(event.loaded, event.total);
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(file);
  });
}

/**
 * Imports a CSV or NDJSON file of one kind: parsed in the browser by the API's own parser, then
 * sent as one all-or-nothing import, so a file with any bad line writes nothing.
 */
export default function ImportsPage() {
  const { key } = useSession();
  const [kind, setKind] = useState<Kind>('participants');
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [outcome, setOutcome] = useState<(Outcome & { fileName: string }) | null>(null);
  const busy = progress !== null;

  const start = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setOutcome(null);
    const fileName = file.name;
    const finish = (next: Outcome) => {
      setProgress(null);
      setOutcome({ ...next, fileName });
    };
    const format = recordsFormatOf(fileName);
    if (format === null) {
      finish({
        status: 'refused',
        message: `Cannot tell the format of ${fileName}: name it .csv, .ndjson or .jsonl.`,
      });
      return;
    }
    setProgress({ phase: 'Reading the file', percent: 0 });
    let text: string;
    try {
      text = await readText(file, (read, total) =>
        setProgress({ phase: 'Reading the file', percent: total ? Math.round((read / total) * 100) : null }),
      );
    } catch (error) {
      finish({ status: 'refused', message: `Cannot read ${fileName}: ${(error as Error).message}` });
      return;
    }
    const records = format === 'csv' ? readCsv(text) : readNdjson(text);
    if (records.problems.length > 0) {
      finish({
        status: 'rejected',
        problems: records.problems.map(({ line, reason }) => ({ line, field: '', reason })),
        problemCount: records.problems.length,
      });
      return;
    }
    if (records.records.length === 0) {
      finish({ status: 'refused', message: `${fileName} holds no records.` });
      return;
    }
    setProgress({ phase: `Sending ${records.records.length.toLocaleString('en-US')} ${kind}`, percent: 0 });
    const result = await sendImport(key, kind, records, (sent, total) => {
      if (sent < total) {
        setProgress({
          phase: `Sending ${records.records.length.toLocaleString('en-US')} ${kind}`,
          percent: Math.round((sent / total) * 100),
        });
      } else {
        // Sent: the server now checks every record, then writes all of them or none.
        setProgress({ phase: 'The API is checking and writing the records', percent: null });
      }
    });
    finish(result);
  };

  return (
    <Page title="Imports">
      <p className="muted">
        Upload a CSV file (a header row naming the fields) or an NDJSON file (one JSON object a line) of one
        kind. Import a fresh organisation in this order: participants, teams, accounts, goals, assignments,
        facts. A file is imported whole or not at all: if any line is wrong, nothing is written.
      </p>
      <form className="import-form" onSubmit={start}>
        <div>
          <label htmlFor="import-kind">Kind</label>
          <select id="import-kind" value={kind} onChange={(event) => setKind(event.target.value as Kind)}>
            {KINDS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="import-file">File</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,.ndjson,.jsonl,text/csv,application/x-ndjson"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </div>
        <button type="submit" disabled={busy || !file}>
          Import
        </button>
      </form>
      {progress ? (
        <section aria-label="Progress" className="progress">
          <label htmlFor="import-progress">{progress.phase}…</label>
          {progress.percent === null ? (
            <progress id="import-progress" />
          ) : (
            <progress id="import-progress" max={100} value={progress.percent}>
              {progress.percent}%
            </progress>
          )}
        </section>
      ) : null}
      {outcome ? <ImportOutcome outcome={outcome} kind={kind} /> : null}
    </Page>
  );
}

function ImportOutcome({ outcome, kind }: { outcome: Outcome & { fileName: string }; kind: Kind }) {
  if (outcome.status === 'imported') {
    return (
      <p className="ok" role="status" data-testid="import-outcome">
        Imported {outcome.fileName} ({kind}): {outcome.inserted} inserted, {outcome.updated} updated,{' '}
        {outcome.unchanged} unchanged.
      </p>
    );
  }
  if (outcome.status === 'refused') {
    return (
      <p className="error" role="alert" data-testid="import-outcome">
        Nothing was imported. {outcome.message}
      </p>
    );
  }
  const { problems, problemCount } = outcome;
  const more = problemCount - problems.length;
  return (
    <section aria-labelledby="import-problems-title">
      <p className="error" role="alert" data-testid="import-outcome">
        Nothing was imported: {outcome.fileName} has {problemCount} problem{problemCount === 1 ? '' : 's'}.
        Fix the lines listed and import the whole file again.
      </p>
      <h2 id="import-problems-title">Problems</h2>
      <section
        className="table-scroll"
        aria-label="Problems by line"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls sideways on a phone, so a keyboard must reach it.
        tabIndex={0}
      >
        <table data-testid="import-problems">
          <thead>
            <tr>
              <th scope="col" className="num">
                Line
              </th>
              <th scope="col">Field</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((problem, position) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id; the list never reorders.
              <tr key={position} data-line={problem.line}>
                <td className="num">{problem.line || '–'}</td>
                <td className="code">{problem.field || '–'}</td>
                <td>{problem.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {more > 0 ? <p className="muted">…and {more} more.</p> : null}
    </section>
  );
}
