/** One problem of an import file, at the line of the file it is on (0 when no line applies). */
export interface FileProblem {
  line: number;
  field: string;
  reason: string;
}

/** The API's record errors (by position in the batch) at the lines the records came from. */
export function problemsAtLines(
  errors: readonly { index: number; field: string; reason: string }[],
  lines: readonly number[],
): FileProblem[] {
  return errors.map(({ index, field, reason }) => ({ line: lines[index] ?? 0, field, reason }));
}

const RECORD_PATH = /"records\[(\d+)\]((?:\.[\w]+|\[\d+\])*)"/;

/**
 * The errors of variables the schema refused (a number column holding text, a column no record of
 * this kind has) at their lines: graphql-js names the value's path, as `"records[3].amount"`.
 */
export function refusedVariablesAtLines(
  messages: readonly string[],
  lines: readonly number[],
): FileProblem[] {
  return messages.map((message) => {
    const match = RECORD_PATH.exec(message);
    if (!match) return { line: 0, field: '', reason: message };
    const line = lines[Number(match[1])] ?? 0;
    const field = (match[2] ?? '').replace(/^\./, '');
    // The record's position means nothing to the person with the file: the line says where.
    const reason = message.replace(
      /^Variable "\$records" got invalid value (.*?) at "records\[\d+\][^"]*"; /,
      'invalid value $1: ',
    );
    return { line, field, reason };
  });
}
