import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './cli';
import { twoStepApproval } from './testing/definitions';

// The CLI is the package's one shell around the file system, so its test
// writes real files to a temporary folder.
const dir = mkdtempSync(join(tmpdir(), 'baton-cli-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(args, (l) => out.push(l), (l) => err.push(l));
  return { code, out, err };
}

describe('baton validate', () => {
  it('exits 0 for valid files', () => {
    expect(cli('validate', file('ok.json', JSON.stringify(twoStepApproval())))).toEqual({ code: 0, out: [], err: [] });
  });

  it('exits 1 with one "file: pointer: message" line per problem', () => {
    const def = twoStepApproval();
    def.nodes[2]!.type = 'teleport';
    const path = file('bad.json', JSON.stringify(def));
    expect(cli('validate', path)).toEqual({ code: 1, out: [`${path}: /nodes/2/type: unknown node type "teleport"`], err: [] });
  });

  it('exits 2 with a one-line reason for a missing file or invalid JSON', () => {
    const broken = file('broken.json', '{"id": ');
    const result = cli('validate', join(dir, 'missing.json'), broken);
    expect(result.code).toBe(2);
    expect(result.err).toHaveLength(2);
    expect(result.err[0]).toBe(`${join(dir, 'missing.json')}: no such file`);
    expect(result.err[1]).toMatch(new RegExp(`^${broken}: invalid JSON: `));
  });

  it('exits 2 with usage when no file is named', () => {
    expect(cli('validate')).toEqual({ code: 2, out: [], err: ['usage: baton validate FILE...'] });
  });
});
