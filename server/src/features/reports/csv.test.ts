import { describe, expect, it } from 'vitest';
import { csvCell } from './csv.ts';

describe('csvCell', () => {
  it('guards cells Excel would read as a formula, including after a leading tab or CR', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+86 138')).toBe("'+86 138");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=HYPERLINK("x")')).toBe(`"'\t=HYPERLINK(""x"")"`);
    expect(csvCell('\r=1+1')).toBe(`"'\r=1+1"`);
  });

  it('leaves numbers and ordinary text alone and quotes what needs quoting', () => {
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell('张姐')).toBe('张姐');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell(null)).toBe('');
  });
});
