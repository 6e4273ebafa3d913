import { guessesFromEmail, organisationOf } from './organisation';

describe('the organisation a sign-in page is for', () => {
  it('takes the one the link names before the one remembered', () => {
    expect(organisationOf({ search: '?org=globex', hash: '' }, 'acme')).toEqual({ tenant: 'globex', from: 'link' });
    expect(organisationOf({ search: '', hash: '#/sign-in/globex' }, 'acme')).toEqual({ tenant: 'globex', from: 'link' });
    expect(organisationOf({ search: '', hash: '#/inbox/t-1' }, 'acme')).toEqual({ tenant: 'acme', from: 'remembered' });
    expect(organisationOf({ search: '', hash: '' }, null)).toBeNull();
  });

  it('ignores what cannot be an organisation id', () => {
    expect(organisationOf({ search: '?org=%3Cscript%3E', hash: '' }, null)).toBeNull();
    expect(organisationOf({ search: '', hash: '' }, '../x')).toBeNull();
  });

  it('guesses from the e-mail\'s domain, the name before the suffix first', () => {
    expect(guessesFromEmail('rep@globex.com')).toEqual(['globex']);
    expect(guessesFromEmail('rep@sales.globex.com')).toEqual(['globex', 'sales']);
    expect(guessesFromEmail('li@huawen.com.cn')).toEqual(['huawen']);
    expect(guessesFromEmail('nobody')).toEqual([]);
    expect(guessesFromEmail('x@localhost')).toEqual([]);
  });
});
