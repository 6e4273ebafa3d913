import { problemsFromAjv, validatorFor } from '@baton/dsl';
import { TenantBody, type TenantInput } from './tenants.dto';

export const TENANT_CREATE_USAGE = 'baton tenant create --id ID --admin-email EMAIL --admin-name NAME [--admin-id admin] [--name BRANDING] [--time-zone Asia/Shanghai] [--locale en|zh-CN]'
  + ' (the admin\'s password from BATON_ADMIN_PASSWORD, so it stays out of the shell history)';

/** The body as it is filled in, flag by flag, before it is checked. */
interface Draft {
  id?: string;
  admin: Record<string, string | undefined>;
  settings?: Record<string, string>;
}

const FLAGS: Record<string, (input: Draft & { settings: Record<string, string> }, value: string) => void> = {
  '--id': (i, v) => { i.id = v; },
  '--admin-id': (i, v) => { i.admin.id = v; },
  '--admin-email': (i, v) => { i.admin.email = v; },
  '--admin-name': (i, v) => { i.admin.name = v; },
  '--name': (i, v) => { i.settings.brandingName = v; },
  '--time-zone': (i, v) => { i.settings.timeZone = v; },
  '--locale': (i, v) => { i.settings.locale = v; },
};

/** Which flag (or variable) a field of the body comes from, for problems. */
const FLAG_OF: Record<string, string> = {
  '/id': '--id', '/admin/id': '--admin-id', '/admin/email': '--admin-email', '/admin/name': '--admin-name', '/admin/password': 'BATON_ADMIN_PASSWORD',
  '/settings/brandingName': '--name', '/settings/timeZone': '--time-zone', '/settings/locale': '--locale',
};

/** `baton tenant create ...` as the API's body, or every problem with the flag it concerns. */
export function parseTenantCreate(args: string[], password: string | undefined): { input: TenantInput } | { problems: string[] } {
  const input: Draft & { settings: Record<string, string> } = { admin: { id: 'admin', password }, settings: {} };
  const problems: string[] = [];
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i]!, args[i + 1]];
    if (!FLAGS[flag]) problems.push(`unknown flag ${flag}`);
    else if (value === undefined || value.startsWith('--')) problems.push(`${flag} needs a value`);
    else FLAGS[flag]!(input, value);
  }
  if (password === undefined) problems.push('BATON_ADMIN_PASSWORD is not set: the first super admin needs a password');
  const check = validatorFor(TenantBody);
  if (problems.length === 0 && !check(input)) {
    for (const p of problemsFromAjv(check.errors)) problems.push(`${FLAG_OF[p.pointer] ?? p.pointer}: ${p.message}`);
  }
  const body: Draft = Object.keys(input.settings).length === 0 ? { id: input.id, admin: input.admin } : input;
  return problems.length > 0 ? { problems } : { input: body as TenantInput };
}
