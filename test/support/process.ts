import { JwtService } from '@nestjs/jwt';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { eventually } from './eventually';
import { freePort } from './ports';
import { TEST_SECRET } from './env';

export const ENGINE_MAIN = join(__dirname, '..', '..', 'apps', 'engine', 'dist', 'main.js');

/** The built engine as a real process, as operators run it. */
export class EngineProcess {
  private child: ChildProcess | undefined;
  output = '';
  url = '';

  /** `serve` (API and workers), `api` or `worker` */
  constructor(private readonly env: Record<string, string>, private readonly command: 'serve' | 'api' | 'worker' = 'serve') {}

  async start(): Promise<void> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.child = spawn(process.execPath, [ENGINE_MAIN, this.command], {
      env: { ...process.env, ...this.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d) => (this.output += d));
    this.child.stderr!.on('data', (d) => (this.output += d));
    if (this.command === 'worker') {
      // a worker serves no HTTP: it says when it consumes
      await eventually(async () => this.output, (o) => o.includes('consuming jobs') || this.child!.exitCode !== null, { timeoutMs: 30_000, what: 'the worker to start' });
      if (this.child.exitCode !== null) throw new Error(`the worker exited: ${this.output}`);
      return;
    }
    await eventually(() => request(this.url).get('/health').then((r) => r.status), (s) => s === 200, { timeoutMs: 30_000, what: `the engine at ${this.url}` });
  }

  /** The exit code, once the process has ended (null for a signal without a handler, undefined while running). */
  get exitCode(): number | null | undefined {
    return this.child && (this.child.exitCode !== null || this.child.signalCode !== null) ? this.child.exitCode : undefined;
  }

  /** Stops the process with a signal and waits until it is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  http() {
    return request(this.url);
  }
}

/** An access token as the engine signs it; the person must exist (see seedPeople). */
export function tokenFor(userId: string, tenantId = 'acme'): string {
  return new JwtService({ secret: TEST_SECRET }).sign({ sub: userId, tid: tenantId, name: userId }, { expiresIn: '1h' });
}

/** Runs the built engine to completion (for start-up failures) and returns its exit code and output. */
export function runEngine(env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENGINE_MAIN, 'serve'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`engine did not exit within ${timeoutMs} ms: ${stdout}${stderr}`)); }, timeoutMs);
    child.once('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}
