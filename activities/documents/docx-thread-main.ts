// The rendering thread's side (docx-thread.ts starts it): renders each document it is sent and sends back the bytes.
import { parentPort } from 'node:worker_threads';
import type { OfficialDocument } from '../../domain/documents/model';
import { writeDocx } from './docx-writer';

parentPort!.on('message', (m: { id: number; doc: OfficialDocument; number: string }) => {
  writeDocx(m.doc, m.number).then(
    (buf) => {
      const bytes = new Uint8Array(buf); // a copy of its own, so that only it is handed over
      parentPort!.postMessage({ id: m.id, bytes }, [bytes.buffer]);
    },
    (err: unknown) => parentPort!.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
