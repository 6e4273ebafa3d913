import type { Definition, Problem } from './definition';
import { checkTemplate, templatePaths } from './templates';

/**
 * Campaign helpers shared by the validator, the engine and the designer's
 * preview: which variables a message may read, and which variant a recipient
 * gets.
 */

/** What a campaign message may read, per recipient. */
export const RECIPIENT_PATHS = ['customer.id', 'customer.name', 'customer.email', 'customer.phone', 'customer.owner',
  'customer.source', 'customer.region', 'customer.tags', 'campaign.id', 'campaign.name', 'variant'] as const;
const ATTRIBUTE_PATH = /^customer\.attributes\.[A-Za-z][A-Za-z0-9_]{0,63}$/;

export interface Variant {
  name: string;
  weight: number;
  subject?: string;
  body: string;
}

/** Problems of a message text, pointer relative to the text itself. */
export function messageProblems(text: string, pointer: string): Problem[] {
  const parseError = checkTemplate(text);
  if (parseError) return [{ pointer, message: `does not parse: ${parseError}` }];
  return templatePaths(text)
    .filter((p) => !(RECIPIENT_PATHS as readonly string[]).includes(p) && !ATTRIBUTE_PATH.test(p))
    .map((p) => ({ pointer, message: `unknown template variable "${p}"; a message may read ${RECIPIENT_PATHS.join(', ')} or customer.attributes.<key>` }));
}

export function variantProblems(variants: Variant[]): Problem[] {
  const problems: Problem[] = [];
  const names = new Set<string>();
  variants.forEach((v, i) => {
    if (names.has(v.name)) problems.push({ pointer: `/variants/${i}/name`, message: `duplicate variant "${v.name}"` });
    names.add(v.name);
    if (v.subject !== undefined) problems.push(...messageProblems(v.subject, `/variants/${i}/subject`));
    problems.push(...messageProblems(v.body, `/variants/${i}/body`));
  });
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  if (variants.length > 0 && Math.abs(total - 100) > 1e-9) problems.push({ pointer: '/variants', message: `weights add up to ${total}; they must add up to 100` });
  return problems;
}

/**
 * The variant of one recipient: a stable hash of campaign and recipient, so
 * a re-sent message after a crash picks the same variant.
 */
export function pickVariant(variants: readonly Pick<Variant, 'name' | 'weight'>[], campaignId: string, recipientId: string): string {
  const point = (fnv1a(`${campaignId}\u0000${recipientId}`) / 0x1_0000_0000) * 100;
  let cumulative = 0;
  for (const v of variants) {
    cumulative += v.weight;
    if (point < cumulative) return v.name;
  }
  return variants[variants.length - 1]!.name;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // a final avalanche, so near-equal keys spread over the whole range
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Words of a sensitive-word list found in a campaign's texts, each with where. */
export function sensitiveWordsIn(definition: Definition, words: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const lowered = words.map((w) => w.trim().toLowerCase()).filter(Boolean);
  definition.nodes.forEach((node, n) => {
    const variants = (node.config as { variants?: Variant[] } | undefined)?.variants;
    if (!Array.isArray(variants)) return;
    variants.forEach((v, i) => {
      for (const key of ['subject', 'body'] as const) {
        const text = v[key]?.toLowerCase();
        if (!text) continue;
        const found = lowered.filter((w) => text.includes(w));
        if (found.length > 0) problems.push({ pointer: `/nodes/${n}/config/variants/${i}/${key}`, message: `contains sensitive words: ${found.join(', ')}` });
      }
    });
  });
  return problems;
}

/**
 * What an approval of a campaign approves: who it goes to and what they
 * read (the audience, the channel and every variant's texts and weights).
 * The engine stores a hash of it with the approval; a campaign whose content
 * hashes differently needs a new approval before it sends.
 */
export function campaignContent(definition: Definition): Record<string, unknown> {
  const audience = definition.nodes.find((n) => n.type === 'campaign.audience');
  const channel = definition.nodes.find((n) => n.type.startsWith('channel.'));
  return { audience: audience?.config ?? null, channel: channel?.type ?? null, variants: (channel?.config as { variants?: Variant[] } | undefined)?.variants ?? [] };
}
