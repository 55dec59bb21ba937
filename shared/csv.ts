/**
 * CSV for spreadsheets. Every cell is quoted; a cell that a spreadsheet would read as a formula
 * (a leading =, +, -, @, tab or carriage return: OWASP's list) gets a leading apostrophe, so a
 * hostname or software name chosen by someone on a PC cannot run anything where it is opened.
 */
export function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** A whole document: a header row, then one row per record, CRLF line ends (RFC 4180). */
export function csvDocument(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header.map(csvCell), ...rows.map((r) => r.map(csvCell))].map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}
