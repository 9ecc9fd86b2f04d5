/**
 * Normalises a mainland China mobile number for identity matching: strips spaces, dashes,
 * parentheses and a +86 / 0086 / 86 prefix. Returns the 11 digits, or null when the result
 * is not a mainland mobile (1[3-9]xxxxxxxxx).
 */
export function normalizeMobile(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let d = raw.replace(/[\s\-()（）.]/g, '');
  if (d.startsWith('+86')) d = d.slice(3);
  else if (d.startsWith('0086')) d = d.slice(4);
  else if (d.length === 13 && d.startsWith('86')) d = d.slice(2);
  return /^1[3-9]\d{9}$/.test(d) ? d : null;
}
