import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from './csv.js';

describe('CSV export', () => {
  it('neutralises every cell a spreadsheet would read as a formula', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
      expect(csvCell(`${lead}HYPERLINK("http://x")`)).toBe(`"'${lead}HYPERLINK(""http://x"")"`);
    }
  });

  it('leaves ordinary cells alone, quotes them and doubles quotes', () => {
    expect(csvCell('pc-01')).toBe('"pc-01"');
    expect(csvCell('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvCell('a=b')).toBe('"a=b"');
    expect(csvCell(12)).toBe('"12"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(undefined)).toBe('""');
  });

  it('writes a header and rows with CRLF line ends', () => {
    expect(csvDocument(['host', 'ram'], [['pc-1', 8], ['=evil', null]])).toBe('"host","ram"\r\n"pc-1","8"\r\n"\'=evil",""\r\n');
  });
});
