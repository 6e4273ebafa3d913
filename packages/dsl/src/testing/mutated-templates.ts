import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../compile';
import type { Definition } from '../definition';
import { start } from '../run';
import { validate } from '../validate';

/**
 * Definitions mutated from the shipped templates, for the fuzz specs: each
 * is validated, and whatever validate() accepts must compile and start with
 * its template's first sample. validate() must never throw, nor catch a
 * crash of its own. A failure names the seed and the shrunk mutation list.
 */
const TEMPLATES = join(__dirname, '..', '..', '..', '..', 'templates');
const templates: Definition[] = readdirSync(TEMPLATES).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(readFileSync(join(TEMPLATES, f), 'utf8')) as Definition);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Replacement values: JSON of any shape, plus what analysts and attackers type. */
const hostile = fc.constantFrom<Json>(
  '', '{{', '{{#each initiator}}{{this}}{{/each}}', '{{constructor}}', '__proto__', 'constructor', 'P2D', 'PT-1H', -1, 0, 1e308, NaN as unknown as Json,
  { var: 'form.constructor' }, { var: { cat: ['form.con', 'structor'] } }, { method: ['x', 'toString'] }, { var: '__proto__.x' }, [], {}, null,
);
const value = fc.oneof({ weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> }, { weight: 2, arbitrary: hostile });

type Mutation =
  | { op: 'set'; path: number[]; value: Json }
  | { op: 'delete'; path: number[] }
  | { op: 'copy'; from: number[]; to: number[] };

const path = fc.array(fc.nat(), { minLength: 1, maxLength: 6 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), path, value }),
  fc.record({ op: fc.constant('delete' as const), path }),
  fc.record({ op: fc.constant('copy' as const), from: path, to: path }),
);

/** Walks `steps` into the document, each number picking a key or index modulo the size. */
function locate(doc: Json, steps: number[]): { parent: Json[] | Record<string, Json>; key: string | number } | null {
  let parent: Json = doc;
  for (let i = 0; i < steps.length; i++) {
    if (parent === null || typeof parent !== 'object') return null;
    const keys = Array.isArray(parent) ? parent.map((_, k) => k) : Object.keys(parent);
    if (keys.length === 0) return null;
    const key = keys[steps[i]! % keys.length]!;
    if (i === steps.length - 1) return { parent, key };
    parent = (parent as Record<string, Json>)[key as string] ?? null;
  }
  return null;
}

function mutate(seed: Definition, mutations: Mutation[]): Json {
  const doc = structuredClone(seed) as unknown as Json;
  for (const m of mutations) {
    const at = locate(doc, m.op === 'copy' ? m.to : m.path);
    if (!at) continue;
    const target = at.parent as Record<string | number, Json>;
    if (m.op === 'set') target[at.key] = m.value;
    else if (m.op === 'delete') {
      if (Array.isArray(at.parent)) at.parent.splice(at.key as number, 1);
      else delete target[at.key];
    } else {
      const from = locate(doc, m.from);
      if (from) target[at.key] = structuredClone((from.parent as Record<string | number, Json>)[from.key] ?? null);
    }
  }
  return doc;
}

function sampleInput(def: Definition) {
  const sample = def.template?.samples?.[0];
  return {
    form: (sample?.form ?? {}) as Record<string, unknown>,
    initiator: { id: sample?.initiator ?? 'alice', name: 'Alice' },
    instance: { id: 'i-fuzz' },
  };
}

/**
 * Runs `runs` mutations of the templates `which` keeps (from `seed`), and
 * returns how many validate() accepted (each of them compiled and started).
 */
export function fuzzTemplates(which: (template: Definition) => boolean, runs: number, seed: number): number {
  const seeds = templates.filter(which);
  if (seeds.length === 0) throw new Error('no template to mutate');
  let accepted = 0;
  fc.assert(
    fc.property(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (index, mutations) => {
      const candidate = mutate(seeds[index]!, mutations);
      const problems = validate(candidate);
      // validate() catches what it did not foresee and says so: that is a bug too
      const crashed = problems.filter((p) => p.message.startsWith('could not be checked'));
      if (crashed.length > 0) throw new Error(`validate() crashed: ${JSON.stringify(crashed)}`);
      if (problems.length > 0) return;
      accepted += 1;
      const def = candidate as unknown as Definition;
      const first = start(compile(def), sampleInput(def));
      if (!JSON.parse(JSON.stringify(first.snapshot))) throw new Error('the first snapshot is empty');
    }),
    { numRuns: runs, seed },
  );
  return accepted;
}
