/** One file part of a multipart/form-data body. */
export interface MultipartFile {
  /** The part's form field name (WeCom's media/upload expects `media`). */
  name: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Reads the file parts of a multipart/form-data body (RFC 7578) — just enough
 * for media uploads: parts with a filename, their name and content type.
 * Returns undefined when the content type has no boundary or the body does not
 * follow it.
 */
export function parseMultipart(contentType: string, body: Buffer): MultipartFile[] | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!/^multipart\/form-data/i.test(contentType) || !boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  const files: MultipartFile[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) return undefined;
  for (;;) {
    at += delimiter.length;
    // "--" after the delimiter closes the body.
    if (body.subarray(at, at + 2).toString() === '--') return files;
    const headerEnd = body.indexOf(HEADER_END, at);
    if (headerEnd < 0) return undefined;
    const headers = body.subarray(at, headerEnd).toString('utf8');
    const next = body.indexOf(delimiter, headerEnd + HEADER_END.length);
    if (next < 0) return undefined;
    // The part's data ends with the CRLF that precedes the next delimiter.
    const data = body.subarray(headerEnd + HEADER_END.length, next - 2);
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const filename = /filename="([^"]*)"/i.exec(disposition)?.[1];
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '';
    if (filename !== undefined) {
      const type = /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
      files.push({ name, filename, contentType: type, data: Buffer.from(data) });
    }
    at = next;
  }
}
