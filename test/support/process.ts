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

  /**
   * Starts the process and waits until it serves (or consumes jobs). A port
   * taken between choosing it and the engine binding it (another process's
   * outgoing connection can land on it) is chosen again; a process that
   * ends or does not come up fails with what it printed.
   */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      this.url = `http://127.0.0.1:${port}`;
      this.output = '';
      const child = spawn(process.execPath, [ENGINE_MAIN, this.command], {
        env: { ...process.env, ...this.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      this.child = child;
      child.stdout!.on('data', (d) => (this.output += d));
      child.stderr!.on('data', (d) => (this.output += d));
      const ended = () => child.exitCode !== null || child.signalCode !== null;
      // a worker serves no HTTP: it says when it consumes
      const up = this.command === 'worker'
        ? async () => this.output.includes('consuming jobs')
        : () => request(this.url).get('/health').then((r) => r.status === 200, () => false);
      const what = this.command === 'worker' ? 'the worker to start' : `the engine at ${this.url}`;
      try {
        await eventually(async () => (await up()) || ended(), Boolean, { timeoutMs: 30_000, what });
      } catch (error) {
        throw new Error(`${(error as Error).message}; it printed: ${this.output.slice(-2_000) || '(nothing)'}`);
      }
      if (!ended()) return;
      if (attempt < 3 && this.output.includes('EADDRINUSE')) continue;
      throw new Error(`the ${this.command} process exited (${child.exitCode ?? child.signalCode}): ${this.output.slice(-2_000)}`);
    }
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
