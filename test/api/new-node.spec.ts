import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { auth, publish, submit } from '../support/workflows';

const root = join(__dirname, '..', '..');
const generate = (...args: string[]) => spawnSync(process.execPath, [join(root, 'scripts', 'new-node.mjs'), ...args], { cwd: root, encoding: 'utf8' });

describe('npm run new:node', () => {
  const name = `quote-${randomUUID().slice(0, 8)}`;
  // inside the repository, so the generated package finds @baton/dsl as a developer's would
  const folder = join(root, '.data', `gen-${name}`);
  let engine: TestEngine | undefined;

  afterAll(async () => {
    await engine?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes a node package whose own test passes', () => {
    const made = generate(name, '--dir', folder);
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    for (const file of ['index.js', 'index.test.js', 'package.json', 'README.md']) expect(existsSync(join(folder, file))).toBe(true);
    // no colours: nx sets FORCE_COLOR, and the summary line is read as text
    const tested = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--rootDir', folder, '--ci', '--colors=false'], {
      cwd: folder, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    expect(tested.stderr).toMatch(/Tests:\s+3 passed, 3 total/);
    expect(tested.status).toBe(0);
  });

  it('the generated node loads into the engine and runs in a definition', async () => {
    engine = await startEngine({ CUSTOM_NODES: folder });
    const types = (await engine.http.get('/api/v1/node-types').set(auth(engine.as('alice')))).body;
    expect(types.skipped).toEqual([]);
    expect(types.items.find((t: { type: string }) => t.type === `custom.${name}`)).toMatchObject({ category: 'custom', outputs: ['done', 'skipped', 'error'] });
    await publish(engine, {
      id: 'quoted', name: 'Quoted', kind: 'approval', form: { fields: [{ key: 'amount', label: 'Amount', type: 'money', required: true }] },
      nodes: [{ id: 'start', type: 'start' }, { id: 'quote', type: `custom.${name}`, config: { label: 'total', factor: 3 } }, { id: 'end', type: 'end' }],
      edges: [{ from: 'start', to: 'quote' }, { from: 'quote', to: 'end', on: 'done' }, { from: 'quote', to: 'end', on: 'skipped' }],
    });
    const started = await submit(engine, engine.as('alice'), 'quoted', { amount: 14 });
    const done = await eventually(() => engine!.http.get(`/api/v1/instances/${started.id}`).set(auth(engine!.as('alice'))).then((r) => r.body),
      (i) => i.status === 'completed', { what: 'the generated node to run' });
    expect(done.vars).toEqual({ total: 42 });
  });

  it.each([
    [[], 'new-node: NAME: is required'],
    [['Bad Name'], 'new-node: Bad Name: must be lower-case letters'],
    [['ok-name', '--force'], 'new-node: --force: unknown option'],
    [['ok-name', '--dir'], 'new-node: --dir: needs a folder'],
  ])('refuses %j with exit 2 and the argument named', (args, message) => {
    const result = generate(...(args as string[]));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('refuses to overwrite an existing folder', () => {
    const result = generate(name, '--dir', folder);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('already exists');
  });
});
