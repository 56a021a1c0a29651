/**
 * A guard in front of the stdio transport. vscode-jsonrpc's reader, given a header whose
 * `Content-Length` is not a number (`abc`, `-5`), reports an error and then reads the next
 * message's body as headers, and so on: the server stays alive but never answers again. This
 * stream passes well-formed messages through unchanged and drops a malformed one, resuming at the
 * next `Content-Length:` header.
 */
import { Transform, type TransformCallback } from 'node:stream';

const HEADER_END = new Uint8Array(Buffer.from('\r\n\r\n', 'ascii'));
const CONTENT_LENGTH = new Uint8Array(Buffer.from('Content-Length:', 'ascii'));
/** Headers longer than this are garbage, not headers. */
const MAX_HEADER_BYTES = 8 * 1024;

export class FramingGuard extends Transform {
  private buffer = Buffer.alloc(0);
  /** Bytes of a well-formed message's body still to pass through. */
  private bodyLeft = 0;

  constructor(private readonly onMalformed: (reason: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk] as unknown as Uint8Array[]);
    this.drain();
    done();
  }

  private drain(): void {
    for (;;) {
      if (this.bodyLeft > 0) {
        const take = Math.min(this.bodyLeft, this.buffer.length);
        if (take === 0) return;
        this.push(this.buffer.subarray(0, take));
        this.buffer = this.buffer.subarray(take);
        this.bodyLeft -= take;
        continue;
      }
      if (this.buffer.length === 0) return;
      const end = this.buffer.indexOf(HEADER_END);
      if (end === -1) {
        if (this.buffer.length > MAX_HEADER_BYTES) this.skip('a header without an end');
        else return;
        continue;
      }
      const header = this.buffer.subarray(0, end).toString('ascii');
      const length = contentLength(header);
      if (length === undefined) {
        this.skip(`a malformed header (${JSON.stringify(header.slice(0, 200))})`);
        continue;
      }
      this.push(this.buffer.subarray(0, end + HEADER_END.length));
      this.buffer = this.buffer.subarray(end + HEADER_END.length);
      this.bodyLeft = length;
    }
  }

  /** Drops everything up to the next `Content-Length:` header after the start of the buffer. */
  private skip(reason: string): void {
    const next = this.buffer.indexOf(CONTENT_LENGTH, 1);
    this.onMalformed(`Dropped ${next === -1 ? this.buffer.length : next} bytes of input: ${reason}.`);
    this.buffer = next === -1 ? Buffer.alloc(0) : this.buffer.subarray(next);
  }
}

/** The Content-Length of a header block when it is a plain non-negative integer. */
function contentLength(header: string): number | undefined {
  let length: number | undefined;
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon === -1) return undefined;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,10}$/.test(value)) return undefined;
    length = Number(value);
  }
  return length;
}
