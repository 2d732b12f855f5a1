// The rush's ceiling: a bare Fastify process with the portal's route shape that streams each upload to disk and
// answers, nothing else (no link check, no hashing, no workflow). Run as a child of deadline-eve.ts:
//   node --import tsx scripts/bench/rush/ceiling-server.ts <port> <folder>
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import Fastify from 'fastify';
import multipart from '@fastify/multipart';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../../../domain/obligation/report';

async function main(): Promise<void> {
  const [port, folder] = [Number(process.argv[2]), process.argv[3]];
  fs.mkdirSync(folder, { recursive: true });
  const app = Fastify();
  await app.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: MAX_ATTACHMENTS } });
  app.post('/u/:unit/o/:id', async (req, reply) => {
    const fields: Record<string, string> = {};
    for await (const part of req.parts()) {
      if (part.type === 'file') await pipeline(part.file, fs.createWriteStream(path.join(folder, crypto.randomUUID())));
      else fields[part.fieldname] = String(part.value);
    }
    return reply.type('text/html; charset=utf-8').send(`<p>已收到 ${fields.by ?? ''} 的报送</p>`);
  });
  await app.listen({ port, host: '127.0.0.1' });
  console.log('listening');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
