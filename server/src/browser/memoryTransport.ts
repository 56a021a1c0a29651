/**
 * Two ends of a JSON-RPC channel in one JavaScript thread, for the browser build: the language
 * client and the server share the extension's web worker (VS Code refuses `new Worker(…)` to a
 * web extension served by a VS Code server: microsoft/vscode#168942; see docs/browser.md).
 *
 * Each message is copied with `structuredClone`, as a worker's postMessage would copy it: neither
 * side sees the other's objects (a handler that mutates its params cannot change what the sender
 * keeps), and bytes (`Uint8Array`, the fs requests' answers) pass as they are. Delivery is
 * asynchronous (a microtask later), so that a send never runs the other side's handler inside it.
 */
import { AbstractMessageReader, AbstractMessageWriter, type DataCallback, type Disposable, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver';

class MemoryReader extends AbstractMessageReader implements MessageReader {
  private callback: DataCallback | undefined;
  /** Messages that arrived before `listen`. */
  private readonly pending: Message[] = [];

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    for (const message of this.pending.splice(0)) callback(message);
    return { dispose: () => (this.callback = undefined) };
  }

  deliver(message: Message): void {
    if (this.callback) this.callback(message);
    else this.pending.push(message);
  }

  close(): void {
    this.fireClose();
  }
}

class MemoryWriter extends AbstractMessageWriter implements MessageWriter {
  private closed = false;

  constructor(private readonly peer: MemoryReader) {
    super();
  }

  async write(message: Message): Promise<void> {
    if (this.closed) throw new Error('the connection is closed');
    let copy: Message;
    try {
      copy = structuredClone(message);
    } catch (error) {
      this.fireError(error, message);
      throw error;
    }
    queueMicrotask(() => this.peer.deliver(copy));
  }

  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.peer.close();
  }
}

export interface MessageEnd {
  reader: MessageReader;
  writer: MessageWriter;
}

/** A connected pair: what one end's writer writes, the other end's reader reads. */
export function memoryChannel(): [MessageEnd, MessageEnd] {
  const toA = new MemoryReader();
  const toB = new MemoryReader();
  return [
    { reader: toA, writer: new MemoryWriter(toB) },
    { reader: toB, writer: new MemoryWriter(toA) },
  ];
}
