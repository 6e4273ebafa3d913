#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { validate } from './validate';

/**
 * `baton validate FILE...`: exit 0 when every file is a valid definition;
 * exit 1 with one `file: pointer: message` line per problem; exit 2 with a
 * one-line reason when a file cannot be read or is not JSON. The only module
 * of the package that touches the file system.
 */
export function run(args: string[], out: (line: string) => void, err: (line: string) => void): number {
  const [command, ...files] = args;
  if (command !== 'validate' || files.length === 0) {
    err('usage: baton validate FILE...');
    return 2;
  }
  let code = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      err(`${file}: ${reason}`);
      code = 2;
      continue;
    }
    let definition: unknown;
    try {
      definition = JSON.parse(text);
    } catch (error) {
      err(`${file}: invalid JSON: ${(error as Error).message}`);
      code = 2;
      continue;
    }
    const problems = validate(definition);
    for (const p of problems) out(`${file}: ${p.pointer || '/'}: ${p.message}`);
    if (problems.length > 0 && code === 0) code = 1;
  }
  return code;
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2), (l) => console.log(l), (l) => console.error(l));
}
