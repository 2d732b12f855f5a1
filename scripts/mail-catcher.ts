// The embedded default mail server: MailDev catches every notice duban sends and shows it in a web inbox.
import path from 'node:path';
import { mkdirPrivate, PROJECT_ROOT } from '../config/paths';
import { ChildService, portInUse, startChildService } from './child-service';

export interface MailCatcher extends ChildService {
  smtpUrl: string;
  inboxUrl: string;
}

export async function startMailCatcher(o: { smtpPort: number; webPort: number; mailDir: string }): Promise<MailCatcher> {
  mkdirPrivate(o.mailDir); // the mails themselves are 0600 by the umask npm start sets
  // MailDev is ESM-only and ships a bin: run that, as npm linked it.
  const bin = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'maildev');
  const args = ['--smtp', String(o.smtpPort), '--web', String(o.webPort), '--ip', '127.0.0.1', '--web-ip', '127.0.0.1'];
  args.push('--mail-directory', o.mailDir);
  const service = await startChildService(
    '邮件收件箱（MailDev）',
    bin,
    args,
    async () => (await portInUse(o.smtpPort)) && (await portInUse(o.webPort)),
  );
  return { ...service, smtpUrl: `smtp://127.0.0.1:${o.smtpPort}`, inboxUrl: `http://localhost:${o.webPort}` };
}
