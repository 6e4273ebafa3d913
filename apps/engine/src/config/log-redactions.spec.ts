import pino from 'pino';
import { Writable } from 'node:stream';
import { LOG_REDACTIONS } from './log-redactions';

function logged(write: (logger: pino.Logger) => void): string {
  let out = '';
  const sink = new Writable({ write(chunk, _encoding, done) { out += String(chunk); done(); } });
  write(pino({ redact: { paths: LOG_REDACTIONS, censor: '[redacted]' } }, sink));
  return out;
}

describe('what the logs never show', () => {
  it('hides API keys, bearer tokens and cookies of a request', () => {
    const line = logged((log) => log.info({ req: { method: 'GET', url: '/api/v1/tasks', headers: { 'x-api-key': 'bk_0123456789abcdef.s3cret', authorization: 'Bearer eyJ.abc', cookie: 'sid=42', accept: 'application/json' } } }));
    expect(line).not.toMatch(/s3cret|eyJ\.abc|sid=42/);
    expect(JSON.parse(line).req.headers).toMatchObject({ 'x-api-key': '[redacted]', authorization: '[redacted]', accept: 'application/json' });
  });

  it('hides secret fields of bodies, also one level down', () => {
    const line = logged((log) => log.error({ req: { body: { email: 'a@b.c', password: 'hunter2-hunter2', nested: { token: 'tok-1' } } }, body: { refreshToken: 'rt_x', secret: 'whsec' } }, 'failed'));
    expect(line).not.toMatch(/hunter2|tok-1|rt_x|whsec/);
    expect(line).toContain('a@b.c');
  });
});
