/** One parsed CSV record with the 1-based physical line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * RFC 4180 CSV: comma separated, double-quoted fields may hold commas, quotes ("") and
 * newlines; CRLF or LF; a UTF-8 BOM is skipped. Blank lines are dropped.
 */
export function parseCsv(text: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let field = '';
  let fields: string[] = [];
  let startLine = 1;
  let quoted = false;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) out.push({ line: startLine, fields });
    fields = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\r') {
      /* part of CRLF */
    } else if (ch === '\n') {
      endRecord();
      line++;
      startLine = line;
    } else field += ch;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return out;
}
