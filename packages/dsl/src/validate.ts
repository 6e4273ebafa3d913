import { problemsFromAjv, validatorFor } from './ajv';
import { DefinitionSchema, type Definition, type DefinitionNode, type Edge, type FormField, type Problem } from './definition';
import { checkRule } from './expressions';
import { kindProblems } from './kinds';
import { builtinRegistry, type NodeRegistry } from './nodes/registry';
import type { NodeType } from './nodes/sdk';
import { outgoingByOutput, regionsOf, type Graph, buildGraph } from './graph';

/**
 * Every problem of a definition at once, each with a JSON pointer. Never
 * throws, whatever it is given: the designer calls it on every keystroke and
 * the CLI on any file.
 */
export function validate(input: unknown, registry: NodeRegistry = builtinRegistry): Problem[] {
  try {
    return check(input, registry);
  } catch (error) {
    return [{ pointer: '', message: `could not be checked: ${(error as Error).message}` }];
  }
}

export function isValid(input: unknown, registry: NodeRegistry = builtinRegistry): input is Definition {
  return validate(input, registry).length === 0;
}

function check(input: unknown, registry: NodeRegistry): Problem[] {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return [{ pointer: '', message: 'a definition must be a JSON object' }];
  }
  const schemaCheck = validatorFor(DefinitionSchema);
  const problems: Problem[] = schemaCheck(input) ? [] : problemsFromAjv(schemaCheck.errors);
  const def = input as Partial<Definition>;
  const fields = Array.isArray(def.form?.fields) ? def.form.fields.filter(isObject) : [];
  const nodes = Array.isArray(def.nodes) ? def.nodes : [];
  const edges = Array.isArray(def.edges) ? def.edges : [];

  problems.push(...formProblems(fields));
  const known = nodeProblems(nodes, fields, registry, problems);
  edgeProblems(edges, known, fields, problems);
  problems.push(...kindProblems(def.kind, nodes, def.settings));
  if (isObject(def.layout)) {
    for (const id of Object.keys(def.layout)) {
      if (!known.has(id)) problems.push({ pointer: `/layout/${escape(id)}`, message: `unknown node "${id}"` });
    }
  }
  if (known.size > 0) problems.push(...graphProblems(buildGraph(edges, known)));
  return problems;
}

interface KnownNode {
  index: number;
  node: DefinitionNode;
  type: NodeType | undefined;
}

function formProblems(fields: FormField[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  fields.forEach((field, i) => {
    const at = `/form/fields/${i}`;
    if (seen.has(field.key)) problems.push({ pointer: `${at}/key`, message: `duplicate field key "${field.key}"` });
    seen.add(field.key);
    if ((field.type === 'select' || field.type === 'multiselect') && !field.options) {
      problems.push({ pointer: `${at}/options`, message: `a ${field.type} field needs options` });
    }
    if (field.type === 'table' && !field.columns) {
      problems.push({ pointer: `${at}/columns`, message: 'a table field needs columns' });
    }
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      problems.push({ pointer: `${at}/max`, message: 'must not be less than min' });
    }
  });
  return problems;
}

function nodeProblems(nodes: unknown[], fields: FormField[], registry: NodeRegistry, problems: Problem[]): Map<string, KnownNode> {
  const known = new Map<string, KnownNode>();
  nodes.forEach((raw, index) => {
    if (!isObject(raw) || typeof raw.id !== 'string') return;
    const node = raw as DefinitionNode;
    const at = `/nodes/${index}`;
    if (known.has(node.id)) {
      problems.push({ pointer: `${at}/id`, message: `duplicate node id "${node.id}"` });
      return;
    }
    const type = typeof node.type === 'string' ? registry.get(node.type) : undefined;
    known.set(node.id, { index, node, type });
    if (typeof node.type !== 'string') return;
    if (!type) {
      problems.push({ pointer: `${at}/type`, message: `unknown node type "${node.type}"` });
      return;
    }
    const config = node.config ?? {};
    const checkConfig = validatorFor(type.config);
    if (!checkConfig(config)) {
      problems.push(...problemsFromAjv(checkConfig.errors, `${at}/config`));
      return;
    }
    for (const p of type.check?.(config as never, { fields }) ?? []) {
      problems.push({ pointer: `${at}/config${p.pointer}`, message: p.message });
    }
  });
  const starts = [...known.values()].filter((k) => k.type?.behaviour === 'start');
  if (starts.length !== 1) {
    problems.push({ pointer: '/nodes', message: starts.length === 0 ? 'needs a start node' : `has ${starts.length} start nodes; it needs exactly one` });
  }
  if (![...known.values()].some((k) => k.type?.behaviour === 'end')) {
    problems.push({ pointer: '/nodes', message: 'needs at least one end node' });
  }
  return known;
}

function edgeProblems(edges: unknown[], known: Map<string, KnownNode>, fields: FormField[], problems: Problem[]): void {
  const fieldKeys = new Set(fields.map((f) => f.key));
  const defaults = new Map<string, number>();
  edges.forEach((raw, i) => {
    if (!isObject(raw)) return;
    const edge = raw as Edge;
    const at = `/edges/${i}`;
    const from = typeof edge.from === 'string' ? known.get(edge.from) : undefined;
    const to = typeof edge.to === 'string' ? known.get(edge.to) : undefined;
    if (typeof edge.from === 'string' && !from) problems.push({ pointer: `${at}/from`, message: `unknown node "${edge.from}"` });
    if (typeof edge.to === 'string' && !to) problems.push({ pointer: `${at}/to`, message: `unknown node "${edge.to}"` });
    if (to?.type?.behaviour === 'start') problems.push({ pointer: `${at}/to`, message: 'no edge may lead back to the start' });
    if (from?.type) {
      const outputs = from.type.outputs;
      if (outputs.length === 0) {
        problems.push({ pointer: `${at}/from`, message: `${from.type.title.toLowerCase()} node "${from.node.id}" has no outputs` });
      } else if (edge.on !== undefined && !outputs.includes(edge.on)) {
        problems.push({ pointer: `${at}/on`, message: `node "${from.node.id}" has no output "${edge.on}"; its outputs are ${outputs.join(', ')}` });
      } else if (edge.condition === undefined && from.type.behaviour !== 'fork') {
        const key = `${from.node.id}\u0000${edge.on ?? outputs[0]}`;
        if (defaults.has(key)) {
          problems.push({ pointer: at, message: `a second default edge from "${from.node.id}" (${edge.on ?? outputs[0]}); only the first would ever be taken` });
        }
        defaults.set(key, i);
      }
    }
    if (edge.condition !== undefined) {
      const result = checkRule(edge.condition);
      for (const p of result.problems) problems.push({ pointer: `${at}/condition${p.pointer}`, message: p.message });
      for (const f of result.formFields) {
        if (!fieldKeys.has(f.key)) problems.push({ pointer: `${at}/condition${f.pointer}`, message: `reads unknown form field "${f.key}"` });
      }
    }
  });
}

function graphProblems(graph: Graph): Problem[] {
  const problems: Problem[] = [];
  const { nodes } = graph;
  const start = nodes.find((n) => n.behaviour === 'start');
  const reachable = start ? reach([start.id], (id) => graph.next.get(id) ?? []) : new Set(nodes.map((n) => n.id));
  const ends = nodes.filter((n) => n.behaviour === 'end' || n.implicitEnd).map((n) => n.id);
  const finishing = reach(ends, (id) => graph.previous.get(id) ?? []);
  const loops = trappedLoops(graph, finishing);
  const inLoop = new Set(loops.flat());

  for (const n of nodes) {
    const at = `/nodes/${n.index}`;
    if (!reachable.has(n.id)) problems.push({ pointer: at, message: `node "${n.id}" cannot be reached from the start` });
    if (n.behaviour !== 'end' && !finishing.has(n.id) && !inLoop.has(n.id)) {
      problems.push({ pointer: at, message: `node "${n.id}" has no path to an end` });
    }
    for (const [output, edges] of outgoingByOutput(graph, n)) {
      if (n.behaviour !== 'fork' && edges.length > 0 && edges.every((e) => e.conditional)) {
        problems.push({ pointer: at, message: `output "${output}" of node "${n.id}" has only conditional edges; add a default edge (no condition) so no instance can get stuck` });
      }
    }
  }
  const index = new Map(nodes.map((n) => [n.id, n.index]));
  for (const region of regionsOf(graph)) {
    for (const p of region.problems) problems.push({ pointer: `/nodes/${index.get(p.node)}`, message: p.message });
  }
  for (const loop of loops) {
    const first = nodes.find((n) => n.id === loop[0])!;
    problems.push({ pointer: `/nodes/${first.index}`, message: `nodes ${loop.map((id) => `"${id}"`).join(', ')} form a loop with no way out` });
  }
  return problems;
}

/** Strongly connected cycles none of whose members can reach an end. */
function trappedLoops(graph: Graph, finishing: Set<string>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  let counter = 0;
  const visit = (id: string): void => {
    index.set(id, counter);
    low.set(id, counter++);
    stack.push(id);
    onStack.add(id);
    for (const next of graph.next.get(id) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(id, Math.min(low.get(id)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(id, Math.min(low.get(id)!, index.get(next)!));
      }
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      const cyclic = component.length > 1 || (graph.next.get(id) ?? []).includes(id);
      if (cyclic && !component.some((m) => finishing.has(m))) {
        const order = new Map(graph.nodes.map((n) => [n.id, n.index]));
        loops.push(component.sort((a, b) => order.get(a)! - order.get(b)!));
      }
    }
  };
  for (const n of graph.nodes) if (!index.has(n.id)) visit(n.id);
  return loops;
}

function reach(from: string[], neighbours: (id: string) => string[]): Set<string> {
  const seen = new Set(from);
  const queue = [...from];
  while (queue.length > 0) {
    for (const next of neighbours(queue.shift()!)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
