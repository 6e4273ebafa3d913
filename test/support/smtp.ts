import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './ports';

export interface Mail {
  to: string;
  subject: string;
  html: string;
}

/** A real SMTP server on loopback that keeps what it receives. */
export async function startMailbox() {
  const received: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream).then((mail) => {
        received.push({ to: [mail.to].flat().map((a) => (a && 'text' in a ? a.text : '')).join(','), subject: mail.subject ?? '', html: String(mail.html ?? '') });
        done();
      }, done);
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
