import { MenuOutlined, LogoutOutlined } from '@ant-design/icons';
import { App as AntApp, Button, ConfigProvider, Drawer, Grid, Layout, Menu, Segmented, Skeleton, Space, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { InboxPage } from './inbox/InboxPage';
import { PortalPage } from './portal/PortalPage';
import { api, loadSession, saveSession, type Session } from './shell/api';
import { SignIn } from './shell/SignIn';
import { DecideByLink } from './inbox/DecideByLink';
import { changeLanguage, LANGUAGES } from './shell/i18n';
import { useRoute } from './shell/route';
import { CSS } from './shell/styles';
import { THEME } from './shell/theme';

/**
 * One app for everyone: the designer for analysts, the request portal for
 * employees, the inbox for approvers and the admin pages. Pages are chosen
 * by the URL hash (#/designer, #/portal, #/inbox/<task>, #/admin; #/decide/<token>
 * for a one-tap link, #/sign-in/<organisation> for a sign-in link).
 */

// analysts' and admins' pages load when first opened: an employee on a phone does not download the canvas editor
const DesignerPage = lazy(() => import('./designer/DesignerPage').then((m) => ({ default: m.DesignerPage })));
const AdminPage = lazy(() => import('./admin/AdminPage').then((m) => ({ default: m.AdminPage })));
const ReplayPage = lazy(() => import('./replay/ReplayPage').then((m) => ({ default: m.ReplayPage })));
const DashboardsPage = lazy(() => import('./dashboards/DashboardsPage').then((m) => ({ default: m.DashboardsPage })));

type Page = 'designer' | 'portal' | 'inbox' | 'admin' | 'dashboards';
const PAGES: Page[] = ['portal', 'inbox', 'designer', 'admin', 'dashboards'];
const ADMIN_PAGES: Page[] = ['designer', 'admin', 'dashboards'];

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Segmented size="small" value={i18n.language} onChange={(v) => changeLanguage(String(v))} aria-label={t('app.language')} data-testid="language"
      options={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))} />
  );
}

export function App() {
  const { t, i18n } = useTranslation();
  const [session, setSession] = useState<Session | null>(loadSession);
  const route = useRoute();
  // a replay (#/replay/<instance>) is reached from a request, not from the menu
  const replaying = route[0] === 'replay' && route[1] !== undefined;
  const page: Page = PAGES.includes(route[0] as Page) ? (route[0] as Page) : 'portal';
  const phone = !Grid.useBreakpoint().md;
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);
  useEffect(() => setMenuOpen(false), [page]);
  const signOut = () => {
    const refreshToken = session?.refreshToken;
    if (refreshToken) void api('/auth/logout', { body: { refreshToken } }).catch(() => undefined);
    saveSession(null);
    setSession(null);
  };
  const allowed = PAGES.filter((p) => !ADMIN_PAGES.includes(p) || session?.roles.some((r) => r === 'superAdmin' || r === 'deptAdmin'));
  const items = allowed.map((p) => ({ key: p, label: <a href={`#/${p}`} data-testid={`nav-${p}`} aria-current={page === p ? 'page' : undefined}>{t(`app.${p}`)}</a> }));
  const signOutButton = <Button type="text" icon={<LogoutOutlined />} onClick={signOut} data-testid="sign-out" className="top-text">{t('app.signOut')}</Button>;
  return (
    <ConfigProvider locale={i18n.language === 'zh-CN' ? zhCN : enUS} theme={THEME}>
      <AntApp>
        <Layout className={`shell${phone ? ' phone' : ''}`}>
          <Layout.Header className="top">
            <strong className="brand">Baton</strong>
            {session && !phone && <Menu mode="horizontal" theme="dark" selectedKeys={[page]} items={items} className="top-menu" />}
            <span className="grow" />
            {!phone && <LanguageSwitch />}
            {session && <Typography.Text className="top-text whoami" data-testid="whoami" ellipsis>{session.user.name}</Typography.Text>}
            {session && !phone && signOutButton}
            {phone && <Button type="text" className="top-text" icon={<MenuOutlined />} aria-label="menu" data-testid="menu" onClick={() => setMenuOpen(true)} />}
          </Layout.Header>
          {phone && (
            <Drawer open={menuOpen} onClose={() => setMenuOpen(false)} placement="right" size={260} title="Baton">
              <Space orientation="vertical" size="large" style={{ width: '100%' }}>
                {session && <Menu mode="vertical" selectedKeys={[page]} items={items} style={{ borderInlineEnd: 0 }} />}
                <LanguageSwitch />
                {session && signOutButton}
              </Space>
            </Drawer>
          )}
          <Layout.Content className="main">
            {/* the page's name for screen readers; the menu shows it to everyone else */}
            <h1 className="visually-hidden">{route[0] === 'decide' || !session ? t('login.title') : replaying ? t('replay.open') : t(`app.${page}`)}</h1>
            {/* a one-tap link from an e-mail works without signing in: the link itself is the permission */}
            {route[0] === 'decide' && route[1] ? <DecideByLink token={route[1]} /> : !session ? <SignIn onSignedIn={setSession} /> : (
              <Suspense fallback={<Skeleton active style={{ padding: 24 }} />}>
                {replaying && <ReplayPage id={route[1]!} />}
                {!replaying && page === 'designer' && <DesignerPage />}
                {!replaying && page === 'portal' && <PortalPage />}
                {!replaying && page === 'inbox' && <InboxPage taskId={route[1]} />}
                {!replaying && page === 'admin' && <AdminPage />}
                {!replaying && page === 'dashboards' && <DashboardsPage />}
              </Suspense>
            )}
          </Layout.Content>
        </Layout>
        <style>{CSS}</style>
      </AntApp>
    </ConfigProvider>
  );
}
