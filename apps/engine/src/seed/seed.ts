import type { INestApplicationContext } from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Identity } from '../auth/identity';
import { TokenService } from '../auth/token.service';
import { DefinitionsService } from '../definitions/definitions.service';

export const DEMO_TENANT = 'demo';
/** Demo people the templates route to; the organisation module will own them. */
export const DEMO_PEOPLE = [
  { id: 'alice', name: 'Alice Chen', roles: ['member'] },
  { id: 'bob', name: 'Bob Li', roles: ['member'] },
  { id: 'hr.lead', name: 'Hana Wu', roles: ['member'] },
  { id: 'finance.lead', name: 'Frank Zhou', roles: ['member'] },
  { id: 'procurement', name: 'Pat Sun', roles: ['member'] },
  { id: 'admin', name: 'Ada Admin', roles: ['admin'] },
] as const;

/**
 * Saves every template as a draft of the demo tenant and publishes it when it
 * differs from the latest version, so seeding twice adds no versions.
 */
export async function seed(app: INestApplicationContext, templatesDir: string): Promise<{ published: string[]; unchanged: string[]; tokens: Record<string, string> }> {
  const definitions = app.get(DefinitionsService);
  const admin: Identity = { tenantId: DEMO_TENANT, userId: 'admin', name: 'Ada Admin', roles: ['admin'] };
  const published: string[] = [];
  const unchanged: string[] = [];
  for (const file of readdirSync(templatesDir).filter((f) => f.endsWith('.json')).sort()) {
    const def = JSON.parse(readFileSync(join(templatesDir, file), 'utf8'));
    const saved = await definitions.save(admin, def.id, def);
    if (saved.problems.length > 0) throw new Error(`template ${file} has problems: ${JSON.stringify(saved.problems)}`);
    const latest = saved.latestVersion > 0 ? await definitions.getVersion(admin, def.id, saved.latestVersion) : null;
    if (latest && JSON.stringify(latest.definition) === JSON.stringify(saved.definition)) {
      unchanged.push(def.id);
    } else {
      await definitions.publish(admin, def.id, 'seeded from templates/');
      published.push(def.id);
    }
  }
  const tokens = app.get(TokenService);
  return {
    published,
    unchanged,
    tokens: Object.fromEntries(DEMO_PEOPLE.map((p) => [p.id, tokens.issue({ sub: p.id, tid: DEMO_TENANT, name: p.name, roles: [...p.roles] }, '30d')])),
  };
}
