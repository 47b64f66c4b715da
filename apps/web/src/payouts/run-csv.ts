import { digitsOf } from '@attain/rules';

/** One payout line of a run, as the CSV lists it. */
export interface CsvLine {
  participantId: string;
  participantName: string;
  plan: string;
  period: string;
  component: string;
  kind: string;
  from: string;
  to: string;
  amountMinor: number;
  currency: string;
}

const HEADER = [
  'participant_id',
  'participant',
  'plan',
  'period',
  'component',
  'kind',
  'from',
  'to',
  'amount',
  'currency',
];

/**
 * Minor units as a plain decimal in the currency's digits ("-1234.50"), which a spreadsheet reads
 * as a number: no thousands separators, never minor units.
 */
export function decimalOf(minor: number, currency: string): string {
  const digits = digitsOf(currency) ?? 2;
  const magnitude = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = magnitude.slice(0, magnitude.length - digits);
  const fraction = magnitude.slice(magnitude.length - digits);
  return `${minor < 0 ? '-' : ''}${whole}${digits > 0 ? `.${fraction}` : ''}`;
}

/** A cell quoted when it holds a comma, a quote or a line break (RFC 4180). */
function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The lines of a run as CSV: a header, then one row a line, CRLF line ends (RFC 4180). */
export function runCsv(lines: readonly CsvLine[]): string {
  const rows = lines.map((line) =>
    [
      line.participantId,
      line.participantName,
      line.plan,
      line.period,
      line.component,
      line.kind,
      line.from,
      line.to,
      decimalOf(line.amountMinor, line.currency),
      line.currency,
    ]
      .map(cell)
      .join(','),
  );
  return `${[HEADER.join(','), ...rows].join('\r\n')}\r\n`;
}
