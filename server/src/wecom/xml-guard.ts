/**
 * A linear pre-scan of XML before the real parser sees it: WeCom's callback
 * XML is flat (depth 3 at most) and never has a DOCTYPE, so anything with a
 * DOCTYPE/ENTITY declaration or deep nesting is refused here instead of
 * being fed to a parser that expands entities or recurses per level.
 */

/** Deepest element nesting accepted (WeCom's deepest is xml › MemChangeList › Item). */
export const MAX_XML_DEPTH = 16;

/** Why `xml` must not be parsed, or null when its shape is acceptable (it may still be malformed). */
export function xmlShapeProblem(xml: string, maxDepth = MAX_XML_DEPTH): string | null {
  let depth = 0;
  let i = xml.indexOf('<');
  while (i !== -1) {
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i + 9);
      if (end === -1) return null;
      i = xml.indexOf('<', end + 3);
      continue;
    }
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end === -1) return null;
      i = xml.indexOf('<', end + 3);
      continue;
    }
    if (xml.startsWith('<!', i)) return 'DOCTYPE and entity declarations are not accepted';
    const close = xml.indexOf('>', i + 1);
    // Unterminated tags are the validator's to report.
    if (close === -1) return null;
    if (xml[i + 1] === '/') depth -= 1;
    else if (xml[i + 1] !== '?' && xml[close - 1] !== '/') {
      depth += 1;
      if (depth > maxDepth) return `elements nested deeper than ${maxDepth}`;
    }
    i = xml.indexOf('<', close + 1);
  }
  return null;
}
