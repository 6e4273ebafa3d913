#!/usr/bin/env node
// npm run new:node -- NAME [--dir FOLDER]
// Writes a working custom node package (CommonJS, no build step) with its
// test: FOLDER/index.js, FOLDER/index.test.js, FOLDER/package.json,
// FOLDER/README.md. Default FOLDER: packages/node-NAME (a workspace, so
// `npm test` runs its test). Load it with CUSTOM_NODES=FOLDER.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { root } from './services.mjs';

const usage = 'usage: npm run new:node -- NAME [--dir FOLDER]   (NAME: lower-case words joined by "-", e.g. shipping-quote)';
const args = process.argv.slice(2);
const fail = (where, message) => {
  console.error(`new-node: ${where}: ${message}`);
  console.error(usage);
  process.exit(2);
};

let name;
let dir;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--dir') {
    dir = args[++i];
    if (!dir) fail('--dir', 'needs a folder');
  } else if (args[i].startsWith('-')) fail(args[i], 'unknown option');
  else if (name) fail(args[i], 'only one NAME');
  else name = args[i];
}
if (!name) fail('NAME', 'is required');
if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name) || name.length > 40) fail(name, 'must be lower-case letters and digits, words joined by "-", at most 40 characters');
const folder = resolve(dir ?? join(root, 'packages', `node-${name}`));
if (existsSync(folder)) fail(relative(process.cwd(), folder) || folder, 'already exists; choose another NAME or --dir');

const type = `custom.${name}`;
const title = name.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
const camel = name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());

const files = {
  'package.json': `${JSON.stringify({
    name: `baton-node-${name}`,
    version: '0.1.0',
    private: true,
    description: `Baton custom node "${type}"`,
    main: 'index.js',
    scripts: { test: 'jest --passWithNoTests=false' },
    peerDependencies: { '@baton/dsl': '*' },
  }, null, 2)}\n`,
  'index.js': `// The custom node "${type}". Load it with CUSTOM_NODES=<this folder> (or put
// the folder in CUSTOM_NODES_DIR). Everything comes from the public SDK.
const { defineNode, schema, string, number, optional } = require('@baton/dsl');

exports.${camel} = defineNode({
  type: '${type}',
  title: '${title}',
  category: 'custom',
  icon: 'box',
  description: 'Describe what ${title} does; analysts see this in the palette.',
  // the designer renders the property panel from this JSON Schema, and publishing validates it
  config: schema({
    label: string({ minLength: 1, description: 'what to call the result' }),
    factor: optional(number({ minimum: 0, default: 1, description: 'multiplies the form field "amount"' })),
  }),
  // the node leaves by one of these; a failure after the last attempt leaves by "error"
  outputs: ['done', 'skipped'],
  // timeout per attempt, attempts in all, first retry delay (doubles each time)
  run: { timeoutMs: 10000, attempts: 3, backoffMs: 1000 },
  async execute({ config, data }) {
    const amount = Number(data.form.amount);
    if (!Number.isFinite(amount)) return { output: 'skipped' };
    // variables returned here are merged into the instance's vars
    return { output: 'done', vars: { [config.label]: amount * (config.factor ?? 1) } };
  },
});
`,
  'index.test.js': `const { NodeRegistry, builtinNodes, validate } = require('@baton/dsl');
const { ${camel} } = require('./index');

const run = (config, form) => ${camel}.execute({
  config, data: { form, vars: {} }, instance: { id: 'test', tenantId: 'test' }, signal: new AbortController().signal,
});

describe('${type}', () => {
  it('computes its result from the form', async () => {
    await expect(run({ label: 'total', factor: 2 }, { amount: 21 })).resolves.toEqual({ output: 'done', vars: { total: 42 } });
  });

  it('skips a request without an amount', async () => {
    await expect(run({ label: 'total' }, {})).resolves.toEqual({ output: 'skipped' });
  });

  it('is usable in a definition, and its config is validated', () => {
    const registry = new NodeRegistry([...builtinNodes, ${camel}]);
    const definition = (config) => ({
      id: 'uses-${name}', name: 'Uses ${title}', kind: 'approval', form: { fields: [{ key: 'amount', label: 'Amount', type: 'money' }] },
      nodes: [{ id: 'start', type: 'start' }, { id: 'step', type: '${type}', config }, { id: 'end', type: 'end' }],
      edges: [{ from: 'start', to: 'step' }, { from: 'step', to: 'end', on: 'done' }, { from: 'step', to: 'end', on: 'skipped' }],
    });
    expect(validate(definition({ label: 'total' }), registry)).toEqual([]);
    expect(validate(definition({ factor: -1 }), registry).map((p) => p.pointer)).toEqual(['/nodes/1/config/label', '/nodes/1/config/factor']);
  });
});
`,
  'README.md': `# ${title} (\`${type}\`)

A Baton custom node. Run its test with \`npx jest\` in this folder; load it into
the engine with \`CUSTOM_NODES=${relative(root, folder) || folder}\`. See docs/custom-nodes.md.
`,
};

mkdirSync(folder, { recursive: true });
for (const [file, text] of Object.entries(files)) writeFileSync(join(folder, file), text);
console.log(`new-node: wrote ${Object.keys(files).map((f) => join(relative(process.cwd(), folder) || '.', f)).join(', ')}`);
console.log(`new-node: load it with CUSTOM_NODES=${folder}`);
