import { defineNode, enumOf, integer, optional, record, renderPlain, schema, string, text, unknown } from '@baton/dsl';
import { send, type OutboundPolicy } from '../../net/outbound';

const VAR = '^[A-Za-z][A-Za-z0-9_]{0,63}$';

/** Renders every string inside a JSON value as a plain template; the JSON itself is never built from text. */
function renderJson(value: unknown, data: object): unknown {
  if (typeof value === 'string') return renderPlain(value, data);
  if (Array.isArray(value)) return value.map((v) => renderJson(v, data));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderJson(v, data)]));
  return value;
}

/**
 * Calls an HTTP API. Only hosts on the outbound allowlist, never private,
 * loopback or link-local addresses unless configured (see net/outbound).
 * A 2xx answer leaves by `ok` with the answer in `vars[into]`; a 4xx by
 * `failed`; a 5xx, a timeout or a refused connection is retried by the
 * worker, then leaves by `error`.
 */
export const httpRequest = (policy: OutboundPolicy, maxBytes: number) => defineNode({
  type: 'http.request',
  title: 'HTTP request',
  category: 'integration',
  icon: 'globe',
  description: 'Calls an HTTP API on an allowlisted host and keeps the answer in a variable.',
  config: schema({
    url: string({ pattern: '^https?://\\S+$', description: 'http(s)://host/path on an allowlisted host; {{form.x}} may fill query values' }),
    method: optional(enumOf(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const, { default: 'GET' })),
    headers: optional(record(string({ maxLength: 2000 }), { description: 'request headers; values may use {{form.x}}' })),
    body: optional(unknown({ description: 'a JSON body; strings inside may use {{form.x}} and {{vars.y}}' })),
    into: optional(string({ pattern: VAR, description: 'the variable that receives { status, body }' })),
    timeoutMs: optional(integer({ minimum: 100, maximum: 60_000, default: 10_000 })),
  }),
  outputs: ['ok', 'failed'],
  check: (config) => (URL.canParse(config.url) ? [] : [{ pointer: '/url', message: `"${config.url}" is not a URL` }]),
  run: { attempts: 3, backoffMs: 1000, timeoutMs: 65_000 },
  async execute({ config, data, signal }) {
    const url = new URL(config.url);
    for (const [key, value] of url.searchParams) url.searchParams.set(key, renderPlain(value, data));
    const body = config.body === undefined ? undefined : JSON.stringify(renderJson(config.body, data));
    const headers = Object.fromEntries(Object.entries(config.headers ?? {}).map(([k, v]) => [k, renderPlain(v, data)]));
    const answer = await send({
      url: url.toString(), method: config.method ?? 'GET', signal, timeoutMs: config.timeoutMs ?? 10_000, maxBytes, body,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    }, policy);
    if (answer.status >= 500) throw new Error(`${url.host} answered ${answer.status}`);
    let parsed: unknown = answer.body;
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      // not JSON: keep the text
    }
    const vars = config.into ? { [config.into]: { status: answer.status, body: parsed } } : {};
    return { output: answer.status < 400 ? 'ok' : 'failed', vars };
  },
});

/** The JSON body each chat service expects for a plain text message. */
const CHAT_BODIES = {
  slack: (t: string) => ({ text: t }),
  teams: (t: string) => ({ text: t }),
  dingtalk: (t: string) => ({ msgtype: 'text', text: { content: t } }),
  feishu: (t: string) => ({ msg_type: 'text', content: { text: t } }),
  wecom: (t: string) => ({ msgtype: 'text', text: { content: t } }),
} as const;

/** Posts a text to a chat group's incoming webhook (Slack, Teams, DingTalk, Feishu, WeCom). */
export const chatMessage = (policy: OutboundPolicy) => defineNode({
  type: 'chat.message',
  title: 'Chat message',
  category: 'integration',
  icon: 'message-circle',
  description: 'Sends a message to a chat group through its incoming webhook.',
  config: schema({
    webhook: string({ format: 'uri', description: 'the incoming-webhook URL of the chat group (an allowlisted host)' }),
    service: enumOf(Object.keys(CHAT_BODIES) as Array<keyof typeof CHAT_BODIES>, { default: 'slack' }),
    message: text({ minLength: 1, description: 'the text; {{form.x}} and {{vars.y}} are filled in' }),
  }),
  run: { attempts: 4, backoffMs: 2000, timeoutMs: 15_000 },
  async execute({ config, data, signal }) {
    const body = JSON.stringify(CHAT_BODIES[config.service as keyof typeof CHAT_BODIES](renderPlain(config.message, data)));
    const answer = await send({ url: config.webhook, method: 'POST', body, signal, timeoutMs: 10_000, maxBytes: 64_000, headers: { 'content-type': 'application/json' } }, policy);
    if (answer.status >= 300) throw new Error(`the chat webhook answered ${answer.status}`);
    return {};
  },
});
