// The first peer: nodemailer with a connection pool, handed every mail at once.
import nodemailer from 'nodemailer';
import type { SendMailOptions, Transporter } from 'nodemailer';

/** A pooled transport with nodemailer's defaults (5 connections, 100 messages each). */
export function pooledTransport(smtpUrl: string): Transporter {
  const u = new URL(smtpUrl);
  return nodemailer.createTransport({ host: u.hostname, port: Number(u.port), secure: false, pool: true });
}

export async function sendPooled(smtpUrl: string, mails: SendMailOptions[]): Promise<void> {
  const transport = pooledTransport(smtpUrl);
  try {
    await Promise.all(mails.map((m) => transport.sendMail(m)));
  } finally {
    transport.close();
  }
}
