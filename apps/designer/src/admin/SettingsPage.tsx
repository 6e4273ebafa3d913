import { SettingOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, Select, Space, Tag, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, problemText, renamePointers } from '../shell/api';
import { formMessage } from '../shell/form-messages';
import { useFormSubmit } from '../shell/useFormSubmit';

/** The tenant's settings as GET /tenant answers them (packages/dsl/src/calendar.ts). */
interface Calendar { days: number[]; from: string; to: string; holidays: string[]; workdays: string[] }
interface Settings { timeZone: string; locale: 'en' | 'zh-CN'; brandingName: string; calendar: Calendar }
interface SettingsValues { timeZone: string; locale: Settings['locale']; brandingName: string; days: number[]; hours: [Dayjs, Dayjs]; holidays: string[]; workdays: string[] }

const FIELDS = ['timeZone', 'locale', 'brandingName', 'days', 'hours', 'holidays', 'workdays'] as const;
/** The engine's /body/calendar/to (or /from) is the form's hours, /body/calendar/workdays/0 its workdays. */
const calendarField = (pointer: string) => pointer.replace(/^\/body\/calendar\/(\w+)/, (_, f: string) => `/body/${f === 'from' || f === 'to' ? 'hours' : f}`);
const DAYS = [1, 2, 3, 4, 5, 6, 7];
const ZONES: string[] = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];

/** A list of dates ('YYYY-MM-DD'), kept sorted: pick one to add, close a tag to take it out. */
function DateList({ value = [], onChange, disabled, testId }: { value?: string[]; onChange?(next: string[]): void; disabled: boolean; testId: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid={testId}>
      <Space wrap size={[4, 8]} style={{ marginBottom: value.length ? 8 : 0 }}>
        {value.map((d) => <Tag key={d} closable={!disabled} onClose={() => onChange?.(value.filter((x) => x !== d))}>{d}</Tag>)}
      </Space>
      {disabled && value.length === 0 && <span data-testid={`${testId}-none`}>{t('tenant.noDates')}</span>}
      {/* Enter takes the typed date: it must not also send the whole form */}
      {!disabled && <div onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}><DatePicker placeholder={t('tenant.addDate')} value={null} onChange={(d: Dayjs | null) => d && onChange?.([...new Set([...value, d.format('YYYY-MM-DD')])].sort())} data-testid={`${testId}-add`} /></div>}
    </div>
  );
}

/**
 * The organisation's settings: time zone, language, branding name and the
 * working calendar that deadlines count in. Everyone reads them; only
 * operators change them, so the form is editable when the engine lets this
 * admin read tenants (the same operator check as the change).
 */
export function SettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SettingsValues>();
  const [tenant, setTenant] = useState<{ id: string; settings: Settings } | null>(null);
  // undefined while the engine has not said whether this admin may change them
  const [refused, setRefused] = useState<string | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    void api<{ id: string; settings: Settings }>('/tenant').then(async (mine) => {
      setTenant(mine);
      // the engine's reason, in the page's language when it is one of its known words
      await api(`/tenants/${encodeURIComponent(mine.id)}`).then(() => setRefused(null), (e: unknown) => setRefused(e instanceof ApiError && e.problems.length === 0 ? formMessage(e.message) : problemText(e)));
    }, (e: unknown) => setLoadError(problemText(e)));
  }, []);
  const { submit, error, busy } = useFormSubmit(form, FIELDS, async (v: SettingsValues) => {
    const calendar: Calendar = { days: [...v.days].sort(), from: v.hours[0].format('HH:mm'), to: v.hours[1].format('HH:mm'), holidays: v.holidays, workdays: v.workdays };
    const body = { timeZone: v.timeZone, locale: v.locale, brandingName: v.brandingName, calendar };
    const saved = await api<{ settings: Settings }>(`/tenants/${encodeURIComponent(tenant!.id)}/settings`, { method: 'PATCH', body }).catch((e: unknown) => {
      throw renamePointers(e, calendarField);
    });
    setTenant({ id: tenant!.id, settings: saved.settings });
    return t('tenant.saved');
  }, (text) => void message.success(text));
  if (loadError) return <Alert type="error" showIcon title={loadError} />;
  if (!tenant) return <Card size="small" loading />;
  const s = tenant.settings;
  const readOnly = refused !== null;
  const clock = (hhmm: string) => { const [h, m] = hhmm.split(':').map(Number); return dayjs().hour(h ?? 0).minute(m ?? 0).second(0); };
  const initial: SettingsValues = {
    timeZone: s.timeZone, locale: s.locale, brandingName: s.brandingName, days: s.calendar.days,
    hours: [clock(s.calendar.from), clock(s.calendar.to)], holidays: s.calendar.holidays, workdays: s.calendar.workdays,
  };
  return (
    <Card size="small" title={<Space><SettingOutlined />{t('admin.settings')} · {tenant.id}</Space>} data-testid="tenant-settings" style={{ maxWidth: 720 }}>
      {typeof refused === 'string' && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('tenant.readOnly')} description={refused} data-testid="settings-read-only" />}
      <Form form={form} layout="vertical" initialValues={initial} disabled={readOnly} onFinish={(v) => void submit(v)}
        // the engine's problem with a field goes once the field changes
        onValuesChange={(changed: Partial<SettingsValues>) => form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof SettingsValues, errors: [] })))}>
        <Form.Item name="brandingName" label={t('tenant.brandingName')} rules={[{ required: true }, { max: 100 }]}><Input data-testid="settings-branding" /></Form.Item>
        <Space wrap size="middle" style={{ width: '100%' }}>
          <Form.Item name="timeZone" label={t('tenant.timeZone')} rules={[{ required: true }]} style={{ minWidth: 240 }}>
            <Select showSearch options={(ZONES.includes(s.timeZone) ? ZONES : [s.timeZone, ...ZONES]).map((z) => ({ value: z, label: z }))} data-testid="settings-zone" />
          </Form.Item>
          <Form.Item name="locale" label={t('tenant.locale')} style={{ minWidth: 160 }}>
            <Select options={[{ value: 'en', label: 'English' }, { value: 'zh-CN', label: '简体中文' }]} data-testid="settings-locale" />
          </Form.Item>
        </Space>
        <Card type="inner" size="small" title={t('tenant.calendar')} data-testid="settings-calendar">
          {/* a validator, not `required`: antd would put aria-required on the checkbox group, where ARIA does not allow it */}
          <Form.Item name="days" label={t('tenant.days')} rules={[{ validator: (_, v?: number[]) => (v?.length ? Promise.resolve() : Promise.reject(new Error(t('tenant.daysNeeded')))) }]}>
            <Checkbox.Group options={DAYS.map((d) => ({ value: d, label: t(`tenant.day${d}` as 'tenant.day1') }))} data-testid="settings-days" />
          </Form.Item>
          <Form.Item name="hours" label={t('tenant.hours')} rules={[{ required: true }]}>
            <TimePicker.RangePicker format="HH:mm" minuteStep={5} order allowClear={false} data-testid="settings-hours" />
          </Form.Item>
          <Form.Item name="holidays" label={t('tenant.holidays')}><DateList disabled={readOnly} testId="settings-holidays" /></Form.Item>
          <Form.Item name="workdays" label={t('tenant.workdays')} extra={t('tenant.workdaysHint')} style={{ marginBottom: 0 }}><DateList disabled={readOnly} testId="settings-workdays" /></Form.Item>
        </Card>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
        {!readOnly && <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 16 }} data-testid="settings-save">{t('tenant.save')}</Button>}
      </Form>
    </Card>
  );
}
