import { LogicEngine } from 'json-logic-engine';

/**
 * Conditions are json-logic over { form, vars, initiator, instance }.
 * Semantics are json-logic-js's: only its operators are accepted (no `method`,
 * no `log`, none of json-logic-engine's extras), and rules are compiled once
 * by json-logic-engine, which a test checks against json-logic-js.
 */

export type Rule = unknown;
export type CompiledRule = (data: ExpressionData) => unknown;

export interface ExpressionData {
  form: Record<string, unknown>;
  vars: Record<string, unknown>;
  initiator: Record<string, unknown>;
  instance: Record<string, unknown>;
}

export const OPERATORS = [
  'var', 'missing', 'missing_some', 'if', '?:', '==', '===', '!=', '!==', '!', '!!', 'or', 'and',
  '>', '>=', '<', '<=', 'max', 'min', '+', '-', '*', '/', '%', 'map', 'reduce', 'filter', 'all',
  'none', 'some', 'merge', 'in', 'cat', 'substr',
] as const;
const ALLOWED = new Set<string>(OPERATORS);
/** Operators whose later arguments run against each item, not the root data. */
const ITERATING = new Set(['map', 'reduce', 'filter', 'all', 'none', 'some']);
const ROOTS = new Set(['form', 'vars', 'initiator', 'instance']);
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

const engine = new LogicEngine();
for (const name of Object.keys(engine.methods)) {
  if (!ALLOWED.has(name)) delete engine.methods[name];
}
// json-logic-engine compares null and numbers numerically (null == 0);
// json-logic-js uses JavaScript's loose equality, which is what we promise.
/* eslint-disable eqeqeq */
engine.addMethod('==', ([a, b]: unknown[]) => a == b, { deterministic: true });
engine.addMethod('!=', ([a, b]: unknown[]) => a != b, { deterministic: true });
/* eslint-enable eqeqeq */

export interface RuleProblem {
  /** pointer inside the rule, relative to where the rule sits */
  pointer: string;
  message: string;
}

export interface RuleCheck {
  problems: RuleProblem[];
  /** form field keys the rule reads through { var: "form.<key>" } */
  formFields: Array<{ key: string; pointer: string }>;
}

/**
 * How deeply a rule may nest (operators, arrays and literal objects alike).
 * Hand-written and designer-built rules stay far below; a rule nested
 * thousands deep would overflow the stack when compiled or run.
 */
export const MAX_RULE_DEPTH = 64;

/** Checks a rule without running it: operators, arity of var, paths, depth. */
export function checkRule(rule: Rule, roots: readonly string[] = DEFAULT_ROOTS): RuleCheck {
  const result: RuleCheck = { problems: [], formFields: [] };
  walk(rule, '', true, result, new Set(roots), 0);
  // arguments that fit no operator ({">": "x"}, {"if": 1}) are found by building the rule
  if (result.problems.length === 0) {
    const failure = buildFailure(rule);
    if (failure) result.problems.push({ pointer: '', message: failure });
  }
  return result;
}

function buildFailure(rule: Rule): string | null {
  try {
    engine.build(rule);
    return null;
  } catch (error) {
    const type = (error as { type?: unknown } | null)?.type;
    return `the rule does not compile: ${typeof type === 'string' ? type.toLowerCase() : (error as Error)?.message ?? 'invalid arguments'} (each operator needs its arguments as a list, e.g. {">": [{"var": "form.days"}, 3]})`;
  }
}

const DEFAULT_ROOTS = [...ROOTS];

function walk(node: unknown, pointer: string, atRoot: boolean, out: RuleCheck, roots: Set<string>, depth: number): void {
  if (node === null || typeof node !== 'object') return;
  if (depth >= MAX_RULE_DEPTH) {
    if (!out.problems.some((p) => p.message.startsWith('nests deeper'))) out.problems.push({ pointer, message: `nests deeper than ${MAX_RULE_DEPTH} levels` });
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${pointer}/${i}`, atRoot, out, roots, depth + 1));
    return;
  }
  const keys = Object.keys(node);
  if (keys.length !== 1) return; // json-logic treats it as a literal value
  const op = keys[0]!;
  const args = (node as Record<string, unknown>)[op];
  const here = `${pointer}/${escapePointer(op)}`;
  if (!ALLOWED.has(op)) {
    out.problems.push({ pointer: here, message: op === 'method' ? 'operator "method" is not allowed' : `unknown operator "${op}"` });
    return;
  }
  if (op === 'var') {
    checkVar(args, here, atRoot, out, roots, depth + 1);
    return;
  }
  const list = Array.isArray(args) ? args : [args];
  list.forEach((arg, i) => {
    const argPointer = Array.isArray(args) ? `${here}/${i}` : here;
    walk(arg, argPointer, atRoot && !(ITERATING.has(op) && i > 0), out, roots, depth + (Array.isArray(args) ? 2 : 1));
  });
}

function checkVar(args: unknown, pointer: string, atRoot: boolean, out: RuleCheck, roots: Set<string>, depth: number): void {
  const path = Array.isArray(args) ? args[0] : args;
  if (Array.isArray(args)) walk(args.slice(1), pointer, atRoot, out, roots, depth + 1);
  if (path === undefined || path === null || path === '') return;
  if (typeof path !== 'string' && typeof path !== 'number') {
    // a path computed at run time ({"cat": ["form.con", "structor"]}) could
    // name a prototype property that no check here can see
    out.problems.push({ pointer, message: typeof path === 'object' ? 'var needs a literal path; a computed path is not allowed' : 'var needs a path string' });
    return;
  }
  const segments = String(path).split('.');
  if (segments.some((s) => FORBIDDEN_SEGMENTS.has(s))) {
    out.problems.push({ pointer, message: `path "${path}" reaches a prototype property, which is not allowed` });
    return;
  }
  if (!atRoot) return;
  const [root, key] = segments;
  if (!roots.has(root!)) {
    const names = [...roots];
    out.problems.push({ pointer, message: `path "${path}" must start with ${names.slice(0, -1).join(', ')}${names.length > 1 ? ' or ' : ''}${names[names.length - 1]}` });
  } else if (root === 'form' && key) {
    out.formFields.push({ key, pointer });
  }
}

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Compiles a checked rule once; the result is called per evaluation. */
export function compileRule(rule: Rule, roots?: readonly string[]): CompiledRule {
  const problems = checkRule(rule, roots).problems;
  if (problems.length > 0) throw new Error(`invalid rule: ${problems[0]!.message}`);
  return engine.build(rule) as CompiledRule;
}

/** json-logic-js truthiness (an empty array is false). */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}
