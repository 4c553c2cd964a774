import type { Server, ServerResponse } from 'node:http';
import zlib from 'node:zlib';

export interface CapturedResponse {
  method: string;
  url: string;
  status: number;
  body: string;
}

function decode(body: Buffer, encoding: unknown): string {
  switch (encoding) {
    case 'gzip':
      return zlib.gunzipSync(body).toString('utf8');
    case 'deflate':
      return zlib.inflateSync(body).toString('utf8');
    case 'br':
      return zlib.brotliDecompressSync(body).toString('utf8');
    default:
      return body.toString('utf8');
  }
}

/**
 * Keeps the body of every response the server sends from now on: those the
 * test asks for, and those of the backend's own calls to itself (the Tenant
 * Service calling the scaffolder, our actions calling the Tenant Service).
 */
export function captureResponses(server: Server): CapturedResponse[] {
  const responses: CapturedResponse[] = [];
  server.prependListener('request', (req, res: ServerResponse) => {
    // Routers rewrite req.url to their mount point's; keep the whole path.
    const { method = '', url = '' } = req;
    const chunks: Buffer[] = [];
    const keep = (chunk: unknown, encoding: unknown) => {
      if (typeof chunk === 'string') {
        chunks.push(
          Buffer.from(
            chunk,
            typeof encoding === 'string'
              ? (encoding as BufferEncoding)
              : 'utf8',
          ),
        );
      } else if (chunk instanceof Uint8Array) {
        chunks.push(Buffer.from(chunk));
      }
    };
    const write = res.write;
    const end = res.end;
    res.write = function captureWrite(this: ServerResponse, ...args: any[]) {
      keep(args[0], args[1]);
      return (write as Function).apply(this, args);
    } as typeof res.write;
    res.end = function captureEnd(this: ServerResponse, ...args: any[]) {
      keep(args[0], args[1]);
      return (end as Function).apply(this, args);
    } as typeof res.end;
    res.on('finish', () =>
      responses.push({
        method,
        url,
        status: res.statusCode,
        body: decode(Buffer.concat(chunks), res.getHeader('content-encoding')),
      }),
    );
  });
  return responses;
}
