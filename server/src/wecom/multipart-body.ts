/** One file to send as a multipart/form-data part. */
export interface UploadFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/**
 * The multipart/form-data body WeCom's media uploads take (wecom-api.md §5.18.1):
 * one part named `media` with filename, filelength and content type.
 */
export function multipartBody(file: UploadFile, boundary: string): Buffer {
  // Quotes and line breaks cannot be part of a header value.
  const filename = file.filename.replace(/["\r\n]/g, '_');
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="${filename}"; filelength=${file.data.length}\r\n` +
    `Content-Type: ${file.contentType}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'utf8'), file.data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
}
