import { Type } from '@sinclair/typebox';
import { variantProblems } from '../campaign';
import { array, defineNode, number, optional, schema, string, text } from './sdk';

/**
 * Campaign channels, one node each; the engine has one sender per channel
 * type, so a new channel is a node here plus a sender there.
 */
const variants = (withSubject: boolean) => array(schema({
  name: Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$' }),
  weight: number({ exclusiveMinimum: 0, maximum: 100, description: 'share of recipients, in percent' }),
  ...(withSubject ? { subject: text({ minLength: 1 }) } : { subject: optional(text({ minLength: 1 })) }),
  body: text({ minLength: 1 }),
}), { minItems: 1, maxItems: 10, description: 'A/B variants; weights add up to 100' });
const rate = number({ exclusiveMinimum: 0, maximum: 10_000, description: 'messages per second on this channel' });

export const channelInApp = defineNode({
  type: 'channel.in-app',
  title: 'In-app message',
  category: 'campaign',
  icon: 'message-square',
  description: 'Puts the message in the customer\'s in-app inbox.',
  config: schema({ variants: variants(false), ratePerSecond: rate }),
  check: (config) => variantProblems(config.variants),
  behaviour: 'runtime',
  runtime: 'campaign',
});

export const channelEmail = defineNode({
  type: 'channel.email',
  title: 'E-mail',
  category: 'campaign',
  icon: 'mail',
  description: 'Sends an e-mail through SMTP (SMTP_URL).',
  config: schema({ variants: variants(true), ratePerSecond: rate }),
  check: (config) => variantProblems(config.variants),
  behaviour: 'runtime',
  runtime: 'campaign',
});

export const channelWebhook = defineNode({
  type: 'channel.webhook',
  title: 'Webhook',
  category: 'campaign',
  icon: 'webhook',
  description: 'POSTs each message as JSON to a URL, with an Idempotency-Key header.',
  config: schema({ url: string({ format: 'uri', pattern: '^https?://' }), variants: variants(false), ratePerSecond: rate }),
  check: (config) => variantProblems(config.variants),
  behaviour: 'runtime',
  runtime: 'campaign',
});
