/** One part of a multipart/form-data body. */
export interface MultipartPart {
  name: string;
  filename?: string;
  contentType: string;
  data: Buffer;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** Parses multipart/form-data as undici (discord.js's fetch) sends it: CRLF line ends, quoted names. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let cursor = body.indexOf(delimiter);
  while (cursor !== -1) {
    const afterDelimiter = cursor + delimiter.length;
    // `--boundary--` closes the body.
    if (body[afterDelimiter] === 0x2d && body[afterDelimiter + 1] === 0x2d) break;
    const start = afterDelimiter + CRLF.length;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start, next - CRLF.length);
    const headerEnd = part.indexOf(HEADER_END);
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8').split('\r\n');
      const disposition = headers.find((header) => /^content-disposition:/i.test(header)) ?? '';
      const contentType = headers.find((header) => /^content-type:/i.test(header));
      const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
      if (name !== undefined) {
        parts.push({
          name,
          filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
          contentType: contentType?.split(':')[1]?.trim() ?? 'application/octet-stream',
          data: part.subarray(headerEnd + HEADER_END.length),
        });
      }
    }
    cursor = next;
  }
  return parts;
}
