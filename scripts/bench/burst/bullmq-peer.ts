// The second peer: BullMQ on Redis. Every mail is a delayed job due at the same instant; one worker sends
// each job's mail through a pooled nodemailer transport.
import { Queue, Worker } from 'bullmq';
import type { SendMailOptions } from 'nodemailer';
import { pooledTransport } from './raw-nodemailer';

/** Concurrent jobs of the worker: enough to keep the transport's 5 connections busy. */
const CONCURRENCY = Number(process.env.BENCH_BULLMQ_CONCURRENCY) || 50;

/** Queues `mails` as jobs due at `at` (ms) and resolves once they are queued; `stop` closes queue and worker. */
export async function queueBurst(redisPort: number, smtpUrl: string, mails: SendMailOptions[], at: number) {
  const connection = { host: '127.0.0.1', port: redisPort, maxRetriesPerRequest: null };
  const queue = new Queue<number>('notices', { connection });
  const transport = pooledTransport(smtpUrl);
  const worker = new Worker<number>(
    'notices',
    async (job) => {
      await transport.sendMail(mails[job.data]);
    },
    { connection, concurrency: CONCURRENCY },
  );
  for (let i = 0; i < mails.length; i += 1000) {
    const delay = at - Date.now();
    if (delay <= 0) throw new Error('the jobs were not all queued before their instant: raise BENCH_BULLMQ_LEAD_MS');
    const slice = mails.slice(i, i + 1000).map((_, j) => ({ name: 'notice', data: i + j, opts: { delay, removeOnComplete: true } }));
    await queue.addBulk(slice);
  }
  return {
    async stop() {
      await worker.close();
      await queue.close();
      transport.close();
    },
  };
}
