import { Type, type Static } from '@sinclair/typebox';
import Ajv from 'ajv';
import ipaddr from 'ipaddr.js';

/**
 * Configuration comes from the environment only, validated once at start.
 * A bad value stops the process with one line naming the variable.
 */
const ConfigSchema = Type.Object({
  MONGODB_URI: Type.String({ pattern: '^mongodb(\\+srv)?://', description: 'MongoDB connection string, database name in the path' }),
  REDIS_URL: Type.String({ pattern: '^rediss?://', description: 'Redis URL for jobs and timers' }),
  JWT_SECRET: Type.String({ minLength: 32, description: 'secret that signs access tokens, at least 32 characters' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ default: '0.0.0.0' }),
  BATON_ROLE: Type.Union([Type.Literal('all'), Type.Literal('api'), Type.Literal('worker')], { default: 'all' }),
  QUEUE_PREFIX: Type.String({ pattern: '^[A-Za-z0-9_-]+$', default: 'baton' }),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
  BODY_LIMIT: Type.String({ pattern: '^[0-9]+(b|kb|mb)$', default: '1mb' }),
  DESIGNER_DIST: Type.Optional(Type.String()),
  RELAY_SWEEP_MS: Type.Integer({ minimum: 100, default: 2000, description: 'how often the relay re-sends effects a crash left behind' }),
  EFFECT_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 256, default: 16 }),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://', description: 'SMTP server for e-mail notifications; none: in-app only' })),
  MAIL_FROM: Type.String({ minLength: 3, default: 'Baton <no-reply@baton.local>' }),
  ATTACHMENT_MAX_BYTES: Type.Integer({ minimum: 1, maximum: 15_000_000, default: 10_000_000, description: 'largest attachment' }),
  ATTACHMENT_TYPES: Type.String({
    default: 'application/pdf,image/png,image/jpeg,text/plain,text/csv,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    description: 'comma-separated media types accepted as attachments',
  }),
  CUSTOM_NODES: Type.Optional(Type.String({ description: 'comma-separated npm package names or paths of custom node modules, loaded at start' })),
  CUSTOM_NODES_DIR: Type.Optional(Type.String({ description: 'a folder whose .js/.cjs files and packages are custom node modules, loaded at start' })),
  OUTBOUND_ALLOWED_HOSTS: Type.String({ default: '', description: 'comma-separated hosts (or *.domain) that HTTP nodes, chat messages and webhooks may call; none by default' }),
  OUTBOUND_ALLOW_PRIVATE: Type.String({ default: '', description: 'comma-separated hosts, IPs or CIDRs that may be private/loopback/link-local (refused otherwise)' }),
  OUTBOUND_MAX_BYTES: Type.Integer({ minimum: 1, maximum: 50_000_000, default: 1_000_000, description: 'largest response an HTTP node reads' }),
  WEBHOOK_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 30, default: 8, description: 'deliveries of one webhook event before it is marked failed' }),
  WEBHOOK_BACKOFF_MS: Type.Integer({ minimum: 10, maximum: 3_600_000, default: 1000, description: 'first retry delay of a webhook delivery; doubles each time' }),
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 600, description: 'requests per minute per API key and per person' }),
  RATE_LIMIT_HEAVY_PER_MINUTE: Type.Integer({ minimum: 1, default: 10, description: 'heavy requests (exports, imports, bulk actions, campaign starts) per minute per key and person' }),
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 10_000 }),
  TRUST_PROXY: Type.String({
    default: 'false',
    description: 'which reverse proxies\' X-Forwarded-For to believe for the client address (sign-in throttling, audit): false, a hop count, or comma-separated IPs, CIDRs, loopback, linklocal, uniquelocal',
  }),
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16, description: 'bearer token a Prometheus scraper sends to GET /metrics; none: /metrics answers 401 unless METRICS_PUBLIC' })),
  METRICS_PUBLIC: Type.Boolean({ default: false, description: 'true: GET /metrics needs no token (only where the port is not reachable from outside)' }),
  METRICS_DB_COMMANDS: Type.Boolean({ default: false, description: 'true: /metrics counts every MongoDB command (per applied event and by name) through the driver\'s command monitoring, which decodes each reply once more for its events: about 10 % fewer approvals per second' }),
  METRICS_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, description: 'baton worker: serve GET /metrics (and nothing else) on this port; serve and api answer /metrics on PORT' })),
  PUBLIC_URL: Type.String({ pattern: '^https?://[^\\s]+$', default: 'http://localhost:3000', description: 'where people open the designer: the base of links in e-mails (one-tap decisions, tasks)' }),
  DECISION_LINK_SECRET: Type.Optional(Type.String({ minLength: 32, description: 'HMAC key that signs one-tap decision links in e-mails; none: a key derived from JWT_SECRET' })),
  DECISION_LINK_HOURS: Type.Integer({ minimum: 1, maximum: 720, default: 72, description: 'how long a one-tap decision link works' }),
  PUBLIC_RATE_PER_MINUTE: Type.Integer({ minimum: 1, default: 30, description: 'requests per minute per address to public pages that act without sign-in (one-tap decision links)' }),
  OPERATOR_TENANTS: Type.String({ default: '', description: 'comma-separated operator tenants: their super admins create tenants and change tenant settings (empty: nobody does, through the API) and open /admin/queues (jobs of every tenant; empty: super admins of any tenant)' }),
});

export type Config = Static<typeof ConfigSchema>;
export const CONFIG = Symbol('CONFIG');

const ajv = new Ajv({ allErrors: true, useDefaults: true, coerceTypes: true });
const check = ajv.compile(ConfigSchema);

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const keys = Object.keys(ConfigSchema.properties);
  const values: Record<string, unknown> = {};
  for (const key of keys) if (env[key] !== undefined && env[key] !== '') values[key] = env[key];
  if (!check(values)) {
    const problems = (check.errors ?? []).map((e) => {
      const name = e.keyword === 'required' ? String(e.params.missingProperty) : e.instancePath.slice(1);
      return `${name}: ${e.keyword === 'required' ? 'is required' : e.message}`;
    });
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const config = values as Config;
  trustProxy(config);
  return config;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Express's "trust proxy" from TRUST_PROXY. "true" is refused: it would
 * believe any client's X-Forwarded-For, so anyone could pick the address
 * that sign-in throttling counts.
 */
export function trustProxy(config: Pick<Config, 'TRUST_PROXY'>): boolean | number | string[] {
  const value = config.TRUST_PROXY.trim();
  if (value === 'false') return false;
  if (/^[0-9]{1,2}$/.test(value)) return Number(value);
  const entries = value.split(',').map((e) => e.trim());
  const bad = entries.filter((e) => !PROXY_NAMES.has(e) && !isAddressOrRange(e));
  if (bad.length > 0 || entries.length === 0) {
    throw new ConfigError(`invalid configuration: TRUST_PROXY: "${bad.join(', ') || value}" is not false, a hop count, an IP, a CIDR or one of ${[...PROXY_NAMES].join(', ')}`);
  }
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  try {
    if (entry.includes('/')) ipaddr.parseCIDR(entry);
    else ipaddr.parse(entry);
    return ipaddr.isValid(entry.split('/')[0]!);
  } catch {
    return false;
  }
}

/** The URI without its password, for messages and logs. */
export function redact(uri: string): string {
  return uri.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}

/** Redis connection options from REDIS_URL. */
export function redisConnection(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}
