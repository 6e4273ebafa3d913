import { eventually } from './eventually';
import type { Mail } from './smtp';

/** The one-tap links an e-mail carries for a task: the tokens of approve and reject, and the task page's address. */
export interface TaskLinks {
  approve?: string;
  reject?: string;
  open: string;
}

/** What a token says, read without its key (the test only looks; the engine checks the signature). */
export const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { t: string; k: string; d: string; e: number; n: string };

/** Waits for the e-mail to `to` that carries links for `taskId`, and reads them. */
export async function linksFor(received: Mail[], to: string, taskId: string): Promise<TaskLinks> {
  const read = () => received.filter((m) => m.to.includes(to)).map((m) => linksIn(m.html)).find((l) => l && (l.approve ? claimsOf(l.approve).k === taskId : l.open.endsWith(`/inbox/${encodeURIComponent(taskId)}`)));
  return (await eventually(async () => read(), (l) => l !== undefined, { what: `an e-mail to ${to} with links for ${taskId}` }))!;
}

function linksIn(html: string): TaskLinks | null {
  const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  const open = hrefs.find((h) => h.includes('#/inbox/'));
  if (!open) return null;
  const tokens = hrefs.filter((h) => h.includes('#/decide/')).map((h) => h.split('#/decide/')[1]!);
  const of = (d: string) => tokens.find((t) => claimsOf(t).d === d);
  return { open, ...(of('approve') ? { approve: of('approve') } : {}), ...(of('reject') ? { reject: of('reject') } : {}) };
}
