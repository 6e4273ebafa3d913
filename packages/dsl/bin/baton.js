#!/usr/bin/env node
// The `baton` command. A file that exists before the build, so npm links it
// at install time; the CLI itself is compiled into dist/ by `npm run build`.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error('baton: the CLI is not built yet; run `npm run build` first');
  process.exit(2);
}
process.exitCode = require(cli).run(process.argv.slice(2), (line) => console.log(line), (line) => console.error(line));
