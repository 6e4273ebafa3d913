import { Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import type { FormField } from '../definition';
import type { MachineKit } from './machine';

/**
 * The node SDK. Every built-in node is declared with it, and so is every
 * custom node: one declaration gives the designer its palette entry and
 * property form (from the JSON Schema of `config`), the validator its rules,
 * the compiler the node's behaviour and the worker its `execute`.
 */

/** How an instance behaves in a node; the compiler knows each of these. */
export type NodeBehaviour =
  | 'start' //    the entry point; passes on at once
  | 'end' //      a final state with a status
  | 'gateway' //  passes on at once along the first edge whose condition holds
  | 'approval' // waits for people to decide (tasks)
  | 'wait' //     waits for a durable timer
  | 'copy' //     copies people on the request (they may read it), then passes on
  | 'fork' //     starts every outgoing edge as a parallel branch
  | 'join' //     where parallel branches meet
  | 'action' //   runs `execute` in an effect worker and leaves by its output
  | 'receive' //  waits for a named event from outside (webhook), or a timeout
  | 'runtime'; // run by one of the engine's own runtimes (routing, SOP, campaigns), not by an instance

/** The engine runtime that runs a 'runtime' node: it reads the node's config from the published definition. */
export type NodeRuntime = 'routing' | 'sop' | 'campaign';

export interface ConfigProblem {
  /** pointer relative to the node's config, e.g. "/body" */
  pointer: string;
  message: string;
}

export interface CheckContext {
  /** the definition's form fields, for nodes that refer to them */
  fields: readonly FormField[];
}

export interface ExecuteContext<C> {
  config: C;
  data: { form: Record<string, unknown>; vars: Record<string, unknown> };
  instance: { id: string; tenantId: string };
  signal: AbortSignal;
}

export interface ExecuteResult {
  /** the output edge to leave by; the first output when absent */
  output?: string;
  /** variables to merge into the instance's vars */
  vars?: Record<string, unknown>;
}

/** How the effect workers run an action node's `execute`. */
export interface RunPolicy {
  /** how long one attempt may take before its signal aborts it */
  timeoutMs: number;
  /** attempts in all (1 = no retry); after the last one the node leaves by `error` */
  attempts: number;
  /** wait before the 2nd attempt; doubles each time (exponential backoff) */
  backoffMs: number;
}

export const DEFAULT_RUN_POLICY: RunPolicy = { timeoutMs: 30_000, attempts: 3, backoffMs: 1_000 };

/** The output an action node leaves by when its last attempt failed. */
export const ERROR_OUTPUT = 'error';

/**
 * Thrown by `execute` to fail with a message. Any error fails an attempt and
 * is retried under the node's run policy; one with `retryable: false` (bad
 * input, a refused address) leaves by the error output at once.
 */
export class NodeFailure extends Error {
  readonly retryable: boolean;

  constructor(message: string, { retryable = true }: { retryable?: boolean } = {}) {
    super(message);
    this.name = 'NodeFailure';
    this.retryable = retryable;
  }
}

export interface NodeType<S extends TSchema = TSchema> {
  type: string;
  version: number;
  title: string;
  category: string;
  icon: string;
  description: string;
  behaviour: NodeBehaviour;
  config: S;
  outputs: readonly string[];
  /** action nodes: timeout, retries and backoff of `execute` */
  run: RunPolicy;
  /**
   * checks beyond the schema (templates, durations, rules), never throws.
   * `check` and `execute` are methods, so that a node type of its own
   * config schema is a NodeType: a registry holds every kind of node.
   */
  check?(config: Static<S>, ctx: CheckContext): ConfigProblem[];
  execute?(ctx: ExecuteContext<Static<S>>): Promise<ExecuteResult>;
  /** the node's state in the compiled machine; action nodes share one (run `execute`, leave by its output) */
  machine?: (kit: MachineKit) => object;
  /** 'runtime' nodes: which engine runtime runs them; their definitions are not started as instances */
  runtime?: NodeRuntime;
}

export interface NodeDeclaration<S extends TSchema> {
  type: string;
  version?: number;
  title: string;
  category: string;
  icon?: string;
  description?: string;
  behaviour?: NodeBehaviour;
  config: S;
  outputs?: readonly string[];
  run?: Partial<RunPolicy>;
  check?(config: Static<S>, ctx: CheckContext): ConfigProblem[];
  execute?(ctx: ExecuteContext<Static<S>>): Promise<ExecuteResult>;
  /** the node's state in the compiled machine; action nodes share one (run `execute`, leave by its output) */
  machine?: (kit: MachineKit) => object;
  /** 'runtime' nodes: which engine runtime runs them; their definitions are not started as instances */
  runtime?: NodeRuntime;
}

const TYPE_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

export function defineNode<S extends TSchema>(declaration: NodeDeclaration<S>): NodeType<S> {
  if (!TYPE_PATTERN.test(declaration.type)) {
    throw new Error(`node type "${declaration.type}" must be lower-case words joined by "." or "-"`);
  }
  const behaviour = declaration.behaviour ?? 'action';
  if (behaviour === 'action' && !declaration.execute) {
    throw new Error(`node type "${declaration.type}" needs an execute function`);
  }
  if (behaviour !== 'action' && declaration.execute) {
    throw new Error(`node type "${declaration.type}": only action nodes have an execute function`);
  }
  if ((behaviour === 'runtime') !== Boolean(declaration.runtime)) {
    throw new Error(`node type "${declaration.type}": a runtime node names its runtime (routing, sop or campaign), and only a runtime node does`);
  }
  const declared = declaration.outputs ?? (behaviour === 'end' ? [] : ['next']);
  if (new Set(declared).size !== declared.length) {
    throw new Error(`node type "${declaration.type}" repeats an output`);
  }
  // every action may fail: it always has an error output, last
  const outputs = behaviour === 'action' && !declared.includes(ERROR_OUTPUT) ? [...declared, ERROR_OUTPUT] : declared;
  const run = { ...DEFAULT_RUN_POLICY, ...declaration.run };
  if (!(Number.isInteger(run.attempts) && run.attempts >= 1 && run.attempts <= 20)) throw new Error(`node type "${declaration.type}": run.attempts must be 1 to 20`);
  if (!(run.timeoutMs >= 1 && run.timeoutMs <= 600_000)) throw new Error(`node type "${declaration.type}": run.timeoutMs must be 1 to 600000`);
  if (!(run.backoffMs >= 0 && run.backoffMs <= 3_600_000)) throw new Error(`node type "${declaration.type}": run.backoffMs must be 0 to 3600000`);
  return {
    version: 1,
    icon: 'box',
    description: '',
    ...declaration,
    behaviour,
    outputs,
    run,
  };
}

/** Small schema builders so a node's config reads like a form. */
export const schema = <P extends TProperties>(properties: P, options: { description?: string } = {}): TObject<P> =>
  Type.Object(properties, { additionalProperties: false, ...options });
export const string = Type.String;
export const number = Type.Number;
export const integer = Type.Integer;
export const boolean = Type.Boolean;
export const array = Type.Array;
export const optional = Type.Optional;
export const unknown = Type.Unknown;
export const record = <V extends TSchema>(values: V, options: { description?: string } = {}) => Type.Record(Type.String(), values, options);
export const enumOf = <T extends string>(values: readonly T[], options: { default?: T; description?: string } = {}) =>
  Type.Union(values.map((v) => Type.Literal(v)), options);
/** An ISO 8601 duration such as PT4H or P2D. */
export const duration = (options: { description?: string } = {}) =>
  Type.String({ format: 'iso-duration', ...options });
/** A Handlebars message text. */
export const text = (options: { description?: string; minLength?: number } = {}) =>
  Type.String({ 'x-baton-template': true, ...options });
