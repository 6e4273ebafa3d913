/**
 * Which organisation a sign-in page is for, the way people expect: the one
 * their link names (?org=acme or #/sign-in/acme), else the one they signed in
 * to last on this device, else none yet (the page then guesses from the
 * e-mail's domain, see guessesFromEmail, and asks the engine whether it exists).
 */
export type OrganisationSource = 'link' | 'remembered';

const SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const LAST_KEY = 'baton.lastOrganisation';

export function organisationOf(place: { search: string; hash: string }, remembered: string | null): { tenant: string; from: OrganisationSource } | null {
  const fromQuery = new URLSearchParams(place.search).get('org');
  const fromHash = /^#\/sign-in\/([^/?#]+)/.exec(place.hash)?.[1];
  const linked = fromQuery ?? (fromHash ? decodeURIComponent(fromHash) : null);
  if (linked && SLUG.test(linked)) return { tenant: linked, from: 'link' };
  if (remembered && SLUG.test(remembered)) return { tenant: remembered, from: 'remembered' };
  return null;
}

/** Organisation ids an e-mail address suggests, most likely first: rep@sales.globex.com → globex, sales. */
export function guessesFromEmail(email: string): string[] {
  const domain = email.split('@')[1]?.toLowerCase() ?? '';
  const labels = domain.split('.').filter(Boolean);
  if (labels.length < 2) return [];
  // the label before the public suffix (com, cn, com.cn, co.uk...) names the organisation more often than a subdomain
  const body = labels.slice(0, labels.length - (labels.length > 2 && ['com', 'co', 'org', 'net', 'gov', 'edu', 'ac'].includes(labels.at(-2)!) ? 2 : 1));
  return [...body].reverse().filter((l) => SLUG.test(l));
}

export function rememberedOrganisation(): string | null {
  try {
    return localStorage.getItem(LAST_KEY);
  } catch {
    return null;
  }
}

export function rememberOrganisation(tenant: string): void {
  try {
    localStorage.setItem(LAST_KEY, tenant);
  } catch {
    // private browsing without storage: nothing to remember
  }
}
