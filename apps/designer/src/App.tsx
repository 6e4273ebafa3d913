import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminPage } from './admin/AdminPage';
import { DashboardsPage } from './dashboards/DashboardsPage';
import { DesignerPage } from './designer/DesignerPage';
import { InboxPage } from './inbox/InboxPage';
import { PortalPage } from './portal/PortalPage';
import { api, loadSession, saveSession, signIn, type Session } from './shell/api';
import { changeLanguage, LANGUAGES } from './shell/i18n';
import { CSS } from './shell/styles';

/**
 * One app for everyone: the designer for analysts, the request portal for
 * employees, the inbox for approvers and the admin pages. Pages are chosen
 * by the URL hash (#/designer, #/portal, #/inbox, #/admin).
 */

type Page = 'designer' | 'portal' | 'inbox' | 'admin' | 'dashboards';
const PAGES: Page[] = ['portal', 'inbox', 'designer', 'admin', 'dashboards'];

function pageFromHash(): Page {
  const name = window.location.hash.replace(/^#\/?/, '').split('/')[0] as Page;
  return PAGES.includes(name) ? name : 'portal';
}

function Login({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const { t } = useTranslation();
  const [tenant, setTenant] = useState('demo');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form className="login" data-testid="login" onSubmit={(e) => {
      e.preventDefault();
      signIn(tenant, email, password).then(onSignedIn, (err: Error) => setError(t('login.failed', { message: err.message })));
    }}>
      <h2>{t('login.title')}</h2>
      <label>{t('login.tenant')}<input name="tenant" value={tenant} onChange={(e) => setTenant(e.target.value)} /></label>
      <label>{t('login.email')}<input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} /></label>
      <label>{t('login.password')}<input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} /></label>
      {error && <p className="field-error" role="alert">{error}</p>}
      <button type="submit" className="primary">{t('login.submit')}</button>
    </form>
  );
}

export function App() {
  const { t, i18n } = useTranslation();
  const [session, setSession] = useState<Session | null>(loadSession);
  const [page, setPage] = useState<Page>(pageFromHash);
  useEffect(() => {
    const onHash = () => setPage(pageFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);
  const signOut = () => {
    const refreshToken = session?.refreshToken;
    if (refreshToken) void api('/auth/logout', { body: { refreshToken } }).catch(() => undefined);
    saveSession(null);
    setSession(null);
  };
  const languages = (
    <select value={i18n.language} onChange={(e) => changeLanguage(e.target.value)} aria-label={t('app.language')} data-testid="language">
      {LANGUAGES.map((l) => <option key={l.code} value={l.code}>{l.label}</option>)}
    </select>
  );
  return (
    <div className="shell">
      <header className="top">
        <strong className="brand">Baton</strong>
        {session && (
          <nav>
            {PAGES.filter((p) => (p === 'designer' || p === 'admin' || p === 'dashboards' ? session.roles.some((r) => r === 'superAdmin' || r === 'deptAdmin') : true)).map((p) => (
              <a key={p} href={`#/${p}`} aria-current={page === p ? 'page' : undefined} data-testid={`nav-${p}`}>{t(`app.${p}`)}</a>
            ))}
          </nav>
        )}
        <span className="grow" />
        {languages}
        {session && <span data-testid="whoami">{session.user.name}</span>}
        {session && <button type="button" onClick={signOut} data-testid="sign-out">{t('app.signOut')}</button>}
      </header>
      {!session ? <Login onSignedIn={setSession} /> : (
        <>
          {page === 'designer' && <DesignerPage />}
          {page === 'portal' && <PortalPage />}
          {page === 'inbox' && <InboxPage />}
          {page === 'admin' && <AdminPage />}
          {page === 'dashboards' && <DashboardsPage />}
        </>
      )}
      <style>{CSS}</style>
    </div>
  );
}
