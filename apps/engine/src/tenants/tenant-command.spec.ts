import { parseTenantCreate } from './tenant-command';

describe('baton tenant create', () => {
  it('turns flags and the password variable into the API\'s body', () => {
    expect(parseTenantCreate(['--id', 'globex', '--admin-email', 'root@globex.example', '--admin-name', 'Root', '--time-zone', 'Asia/Shanghai', '--locale', 'zh-CN', '--name', 'Globex 环球'], 'a long passphrase 42')).toEqual({
      input: {
        id: 'globex', admin: { id: 'admin', email: 'root@globex.example', name: 'Root', password: 'a long passphrase 42' },
        settings: { timeZone: 'Asia/Shanghai', locale: 'zh-CN', brandingName: 'Globex 环球' },
      },
    });
  });

  it('names the flag of each problem', () => {
    expect(parseTenantCreate(['--id', 'globex', '--admin-name', 'Root', '--locale', 'fr'], 'a long passphrase 42')).toEqual({
      problems: ['--admin-email: is required', '--locale: must be one of: en, zh-CN'],
    });
    expect(parseTenantCreate(['--id', 'globex', '--admin-email', 'root@globex.example', '--admin-name', 'Root'], undefined)).toEqual({
      problems: ['BATON_ADMIN_PASSWORD is not set: the first super admin needs a password'],
    });
    expect(parseTenantCreate(['--colour', 'red', '--id'], 'x')).toEqual({ problems: ['unknown flag --colour', '--id needs a value'] });
  });
});
