// The 公文 are rendered off the worker's main thread: building a .docx is CPU work (the docx library builds and
// serialises an XML tree), and at 09:00 hundreds of 督办通知书 rendered on the main thread held up the sender's SMTP,
// delivery log and SMS behind them. One rendering thread, started with the first document and never keeping the
// process alive; where a thread cannot be started the document is rendered in this thread, as before.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { OfficialDocument } from '../../domain/documents/model';
import { writeDocx } from './docx-writer';

type Waiting = { doc: OfficialDocument; number: string; resolve: (b: Buffer) => void; reject: (e: Error) => void };

/** The loader the project runs under (tsx), handed to the thread unless the process already passes it on. */
const execArgv = () => (process.execArgv.some((a) => a.includes('tsx')) ? process.execArgv : [...process.execArgv, '--import', 'tsx']);

export class DocxThread {
  private worker?: Worker;
  private broken = false;
  private seq = 0;
  private readonly waiting = new Map<number, Waiting>();

  render(doc: OfficialDocument, number: string): Promise<Buffer> {
    const worker = this.thread();
    if (!worker) return writeDocx(doc, number);
    const id = ++this.seq;
    return new Promise<Buffer>((resolve, reject) => {
      this.waiting.set(id, { doc, number, resolve, reject });
      if (this.waiting.size === 1) worker.ref();
      worker.postMessage({ id, doc, number });
    });
  }

  /** Whether documents are being rendered in the thread (false once it could not be started or died). */
  get threaded(): boolean {
    return this.worker !== undefined;
  }

  /** Stops the thread (documents asked for later start another). */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }

  private thread(): Worker | undefined {
    if (this.broken) return undefined;
    if (this.worker) return this.worker;
    let worker: Worker;
    try {
      worker = new Worker(path.join(__dirname, `docx-thread-main${path.extname(__filename)}`), { execArgv: execArgv() });
    } catch {
      this.broken = true;
      return undefined;
    }
    worker.unref();
    worker.on('message', (m: { id: number; bytes?: Uint8Array; error?: string }) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) worker.unref();
      if (m.bytes) w.resolve(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength));
      else w.reject(new Error(m.error));
    });
    // A thread that cannot load or dies: what it had is rendered here, and so is every later document.
    const fail = () => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.broken = true;
      const had = [...this.waiting.values()];
      this.waiting.clear();
      for (const w of had) writeDocx(w.doc, w.number).then(w.resolve, w.reject);
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    this.worker = worker;
    return worker;
  }
}

/** The process's one rendering thread, shared by every issuer (a board request's as well as the worker's sender). */
export const sharedDocxThread = new DocxThread();
