import type { INestApplicationContext } from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Identity } from '../auth/identity';
import { DefinitionsService } from '../definitions/definitions.service';
import { OrgService } from '../org/org.service';
import { TenantRepository } from '../org/tenant.repository';
import { DEFAULT_TENANT_SETTINGS } from '@baton/dsl';

export const DEMO_TENANT = 'demo';
export const DEMO_PASSWORD = 'baton-demo-2026';

/** A small company: 4 levels of departments, a manager chain, the people the templates route to. */
const DEPARTMENTS = [
  { id: 'company', name: 'Demo Company' },
  { id: 'ops', name: 'Operations', parentId: 'company' },
  { id: 'sales', name: 'Sales', parentId: 'ops' },
  { id: 'sales-east', name: 'Sales East', parentId: 'sales' },
  { id: 'hr', name: 'People', parentId: 'company' },
  { id: 'finance', name: 'Finance', parentId: 'company' },
  { id: 'legal', name: 'Legal', parentId: 'company' },
  { id: 'it', name: 'IT', parentId: 'company' },
  { id: 'admin-office', name: 'Administration', parentId: 'company' },
  { id: 'eng', name: 'Engineering', parentId: 'company' },
];
const PEOPLE = [
  { id: 'admin', name: 'Ada Admin', email: 'admin@demo.baton', departments: ['company'], roles: ['superAdmin' as const] },
  { id: 'ceo', name: 'Chen Wei', email: 'ceo@demo.baton', departments: ['company'] },
  { id: 'ops.head', name: 'Olivia Ma', email: 'olivia@demo.baton', departments: ['ops'], managerId: 'ceo' },
  { id: 'bob', name: 'Bob Li', email: 'bob@demo.baton', departments: ['sales'], managerId: 'ops.head', adminOf: ['sales'] },
  { id: 'alice', name: 'Alice Chen', email: 'alice@demo.baton', departments: ['sales-east'], managerId: 'bob', phone: '+86 138 0000 1234' },
  { id: 'hr.lead', name: 'Hana Wu', email: 'hana@demo.baton', departments: ['hr'], managerId: 'ceo' },
  { id: 'finance.lead', name: 'Frank Zhou', email: 'frank@demo.baton', departments: ['finance'], managerId: 'ceo' },
  { id: 'procurement', name: 'Pat Sun', email: 'pat@demo.baton', departments: ['finance'], managerId: 'finance.lead' },
  // the people the approval templates route to
  { id: 'cashier', name: 'Cathy Lin', email: 'cathy@demo.baton', departments: ['finance'], managerId: 'finance.lead' },
  { id: 'accountant', name: 'Amy He', email: 'amy@demo.baton', departments: ['finance'], managerId: 'finance.lead' },
  { id: 'recruiter', name: 'Rita Yang', email: 'rita@demo.baton', departments: ['hr'], managerId: 'hr.lead' },
  { id: 'legal.counsel', name: 'Lena Guo', email: 'lena@demo.baton', departments: ['legal'], managerId: 'ceo' },
  { id: 'it.admin', name: 'Ivan Xu', email: 'ivan@demo.baton', departments: ['it'], managerId: 'ceo' },
  { id: 'office.admin', name: 'Sara Qian', email: 'sara@demo.baton', departments: ['admin-office'], managerId: 'ceo' },
  { id: 'cto', name: 'Tom Zhang', email: 'tom@demo.baton', departments: ['eng'], managerId: 'ceo' },
  { id: 'dev', name: 'Derek Wang', email: 'derek@demo.baton', departments: ['eng'], managerId: 'cto' },
];
const HEADS: Record<string, string> = {
  company: 'ceo', ops: 'ops.head', sales: 'bob', hr: 'hr.lead', finance: 'finance.lead',
  legal: 'legal.counsel', it: 'it.admin', 'admin-office': 'office.admin', eng: 'cto',
};

/**
 * Seeds the demo tenant: the departments and people that are missing (so a
 * demo database seeded by an older version gains the people added since),
 * then every template as a draft, published when it differs from the latest
 * version, so seeding twice adds nothing.
 */
export async function seed(app: INestApplicationContext, templatesDir: string) {
  const admin: Identity = { tenantId: DEMO_TENANT, userId: 'admin', name: 'Ada Admin', roles: ['superAdmin'], adminOf: [], kind: 'user', ip: null };
  const org = app.get(OrgService);
  const missing = () => false;
  // the tenant's own record: its sign-in page finds it (by name, or from an e-mail at demo.baton)
  const tenants = app.get(TenantRepository);
  if (!(await tenants.find(DEMO_TENANT))) await tenants.create(DEMO_TENANT, { ...DEFAULT_TENANT_SETTINGS, brandingName: 'Baton Demo' }, 'seed');
  for (const d of DEPARTMENTS) {
    if (!(await org.findDepartment(DEMO_TENANT, d.id).then(Boolean, missing))) await org.createDepartment(admin, { parentId: null, ...d });
  }
  for (const p of PEOPLE) {
    if (!(await org.findUser(DEMO_TENANT, p.id).then(Boolean, missing))) {
      await org.createUser(admin, { roles: ['member'], adminOf: [], managerId: null, ...p, password: DEMO_PASSWORD });
    }
  }
  for (const [department, head] of Object.entries(HEADS)) {
    if ((await org.findDepartment(DEMO_TENANT, department)).headId !== head) await org.updateDepartment(admin, department, { headId: head });
  }
  const definitions = app.get(DefinitionsService);
  const published: string[] = [];
  const unchanged: string[] = [];
  for (const file of readdirSync(templatesDir).filter((f) => f.endsWith('.json')).sort()) {
    const def = JSON.parse(readFileSync(join(templatesDir, file), 'utf8'));
    const saved = await definitions.save(admin, def.id, def);
    if (saved.problems.length > 0) throw new Error(`template ${file} has problems: ${JSON.stringify(saved.problems)}`);
    const latest = saved.latestVersion > 0 ? await definitions.getVersion(admin, def.id, saved.latestVersion) : null;
    if (latest && JSON.stringify(latest.definition) === JSON.stringify(saved.definition)) unchanged.push(def.id);
    else {
      await definitions.publish(admin, def.id, 'seeded from templates/');
      published.push(def.id);
    }
  }
  return { tenant: DEMO_TENANT, password: DEMO_PASSWORD, people: PEOPLE.map((p) => ({ id: p.id, email: p.email })), published, unchanged };
}

