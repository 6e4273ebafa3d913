import { DownloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, InputNumber, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, ApiError, loadSession } from '../shell/api';
import { useDirectory } from '../shell/directory';
import './labels';

/**
 * Dashboards for admins: each panel is one analytics table from the API,
 * drawn as a chart where a chart helps, always shown as a table that can be
 * exported as the API's CSV. Filters (dates, department) apply to every panel.
 */

type Cell = string | number | null;
interface Table { columns: string[]; rows: Array<Record<string, Cell>>; total?: number }
interface Filters { from: string; to: string; department: string; interval: 'day' | 'week'; days: number }
interface ChartSpec { x: (row: Record<string, Cell>, name: Namer) => string; series: string[]; hours?: boolean; stacked?: boolean; sumBy?: boolean }
/** A flow's, campaign's or person's name for its id: tables and charts show names, the CSV keeps ids. */
type Namer = (column: string, value: Cell) => string;
const NAMED: Record<string, 'definition' | 'campaign' | 'person'> = { definitionId: 'definition', campaignId: 'campaign', assignee: 'person', approver: 'person', owner: 'person' };

const COLOURS = ['#2f6fde', '#12a150', '#d92d20', '#f79009', '#7a5af8', '#667085'];
const HOUR = 3_600_000;
/** The filters keep days as the API reads them (2026-11-30); the pickers work in dayjs. */
const day = (iso: string): Dayjs | null => (iso ? dayjs(iso) : null);
const isoDay = (d: Dayjs | null): string => (d ? d.format('YYYY-MM-DD') : '');

function query(filters: Filters, own: Record<string, string | number>): string {
  const params = new URLSearchParams();
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (filters.department) params.set('department', filters.department);
  for (const [k, v] of Object.entries(own)) params.set(k, String(v));
  return params.toString();
}

/** A duration in ms as people read it: 1d 4h, 3h 20m, 45s. */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  const [d, h, m] = [Math.floor(s / 86400), Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60)];
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

async function downloadCsv(path: string, name: string): Promise<void> {
  const session = loadSession();
  const response = await fetch(`/api/v1/analytics/${path}&format=csv`, { headers: session ? { authorization: `Bearer ${session.token}` } : {} });
  if (!response.ok) throw new ApiError(response.status, response.statusText);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `${name}.csv`;
  link.click();
  URL.revokeObjectURL(url);
}

function Chart({ table, spec, name }: { table: Table; spec: ChartSpec; name: Namer }) {
  const { t } = useTranslation();
  const data = useMemo(() => {
    const points = new Map<string, Record<string, number | string>>();
    for (const row of table.rows) {
      const x = spec.x(row, name);
      const point = points.get(x) ?? { x };
      for (const s of spec.series) {
        const value = Number(row[s] ?? 0);
        const shown = spec.hours ? Math.round((value / HOUR) * 100) / 100 : value;
        point[s] = spec.sumBy ? Number(point[s] ?? 0) + shown : shown;
      }
      points.set(x, point);
    }
    return [...points.values()];
  }, [table, spec, name]);
  if (!data.length) return null;
  return (
    <div className="dash-chart" style={{ width: '100%', height: 240 }}>
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="x" fontSize={11} />
          <YAxis fontSize={11} unit={spec.hours ? 'h' : undefined} allowDecimals={spec.hours === true} />
          <Tooltip />
          <Legend />
          {spec.series.map((s, i) => <Bar key={s} dataKey={s} name={t(`dash.col.${s}`)} fill={COLOURS[i % COLOURS.length]} maxBarSize={48} stackId={spec.stacked ? 'all' : undefined} isAnimationActive={false} />)}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function Panel({ id, path, own, filters, chart, name }: { id: string; path: string; own: Record<string, string | number>; filters: Filters; chart?: ChartSpec; name: Namer }) {
  const { t } = useTranslation();
  const [table, setTable] = useState<Table | null>(null);
  const [error, setError] = useState<string | null>(null);
  const url = `${path}?${query(filters, own)}`;
  useEffect(() => {
    let current = true;
    setError(null);
    api<Table>(`/analytics/${url}`).then((t) => current && setTable(t), (e: Error) => current && setError(e.message));
    return () => { current = false; };
  }, [url]);
  // headers, numbers, days and short names keep to one line (on a phone the table scrolls sideways); long texts wrap
  const wraps = (shown: unknown) => typeof shown === 'string' && shown.length > 24;
  const cell = (column: string, value: Cell) => (typeof value === 'number' && column.endsWith('Ms') ? duration(value) : NAMED[column] ? name(column, value) : value ?? '—');
  return (
    <section className="dash-panel" data-testid={`dash-${id}`} style={{ border: '1px solid #d0d5dd', borderRadius: 8, padding: 12, marginBottom: 16, background: '#fff' }}>
      <div className="row-actions" style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        <h3 style={{ margin: 0, flex: 1 }}>{t(`dash.${id}`)}</h3>
        {table?.total !== undefined && <span className="muted" data-testid={`dash-${id}-total`}>{t('dash.total', { count: table.total })}</span>}
        <Button size="small" icon={<DownloadOutlined />} data-testid={`dash-${id}-csv`} onClick={() => void downloadCsv(url, id).catch((e: Error) => setError(e.message))}>{t('dash.exportCsv')}</Button>
      </div>
      {error && <p className="field-error" role="alert">{t('dash.error', { message: error })}</p>}
      {table && chart && <Chart table={table} spec={chart} name={name} />}
      {table && (table.rows.length === 0 ? <p className="muted">{t('dash.empty')}</p> : (
        // a table wider than a phone scrolls, and the keyboard can scroll it
        <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t(`dash.${id}`)}>
          <table className="dash-table" style={{ borderCollapse: 'collapse', width: '100%', fontSize: 13 }}>
            <thead><tr>{table.columns.map((c) => <th key={c} style={{ textAlign: 'left', borderBottom: '1px solid #d0d5dd', padding: '4px 8px', whiteSpace: 'nowrap' }}>{t(`dash.col.${c}`, c)}</th>)}</tr></thead>
            <tbody>
              {table.rows.map((row, i) => (
                <tr key={i}>
                  {table.columns.map((c) => {
                    const shown = cell(c, row[c] ?? null);
                    return <td key={c} data-column={c} data-value={row[c] ?? ''} style={{ padding: '4px 8px', borderBottom: '1px solid #f2f4f7', whiteSpace: wraps(shown) ? 'normal' : 'nowrap' }}>{shown}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}

export function DashboardsPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>({ from: '', to: '', department: '', interval: 'day', days: 30 });
  const { people, departments, load } = useDirectory();
  useEffect(() => void load(), [load]);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    // flows and campaigns by name; an id without one (a deleted flow) shows as itself
    void Promise.all([
      api<{ items: Array<{ id: string; name: string }> }>('/definitions?limit=200').then((r) => r.items, () => []),
      api<{ items: Array<{ id: string; name: string }> }>('/campaigns?limit=200').then((r) => r.items, () => []),
    ]).then(([definitions, campaigns]) => setNames(new Map([...definitions.map((d) => [`definition:${d.id}`, d.name] as const), ...campaigns.map((c) => [`campaign:${c.id}`, c.name] as const)])));
  }, []);
  // every cell and axis label asks: one lookup by id, not a scan of the directory
  const personNames = useMemo(() => new Map(people.map((p) => [p.id, p.name])), [people]);
  const name = useCallback<Namer>((column, value) => {
    if (value === null) return '—';
    const kind = NAMED[column];
    const found = kind === 'person' ? personNames.get(String(value)) : names.get(`${kind}:${value}`);
    return found ?? String(value);
  }, [names, personNames]);
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  return (
    <section className="dashboards" data-testid="dashboards" style={{ padding: 16, overflow: 'auto' }}>
      <h2>{t('dash.title')}</h2>
      <form className="dash-filters" data-testid="dash-filters" style={{ display: 'flex', gap: 12, flexWrap: 'wrap', marginBottom: 16 }} onSubmit={(e) => e.preventDefault()}>
        <label>{t('dash.from')} <DatePicker value={day(filters.from)} onChange={(d) => set({ from: isoDay(d) })} data-testid="dash-from" /></label>
        <label>{t('dash.to')} <DatePicker value={day(filters.to)} onChange={(d) => set({ to: isoDay(d) })} data-testid="dash-to" /></label>
        <label>{t('dash.department')}{' '}
          <Select value={filters.department} onChange={(department) => set({ department })} data-testid="dash-department" style={{ minWidth: 180 }} showSearch={{ optionFilterProp: 'label' }}
            options={[{ value: '', label: t('dash.allDepartments') }, ...departments.map((d) => ({ value: d.id, label: d.name, 'data-testid': `dash-department-${d.id}` }))]} />
        </label>
        <label>{t('dash.interval')}{' '}
          <Select<Filters['interval']> value={filters.interval} onChange={(interval) => set({ interval })} data-testid="dash-interval" style={{ minWidth: 100 }}
            options={[{ value: 'day', label: t('dash.day') }, { value: 'week', label: t('dash.week') }]} />
        </label>
        <label>{t('dash.days')} <InputNumber min={1} max={3650} precision={0} value={filters.days} onChange={(days) => set({ days: Math.max(1, days ?? 1) })} data-testid="dash-days" style={{ width: 90 }} /></label>
      </form>
      <Panel id="requests" path="requests" own={{ interval: filters.interval }} filters={filters} name={name}
        chart={{ x: (r) => String(r.period), series: ['submitted', 'completed', 'rejected', 'withdrawn'], stacked: false, sumBy: true }} />
      <Panel id="cycleByDefinition" path="cycle-time" own={{ by: 'definition' }} filters={filters} name={name}
        chart={{ x: (r, name) => name('definitionId', r.definitionId), series: ['medianMs', 'p90Ms'], hours: true }} />
      <Panel id="cycleByNode" path="cycle-time" own={{ by: 'node' }} filters={filters} name={name}
        chart={{ x: (r, name) => `${name('definitionId', r.definitionId)} / ${r.node}`, series: ['medianMs', 'p90Ms'], hours: true }} />
      <Panel id="bottlenecks" path="bottlenecks" own={{ limit: 5 }} filters={filters} name={name} />
      <Panel id="responseTimes" path="response-times" own={{}} filters={filters} name={name}
        chart={{ x: (r, name) => name('assignee', r.assignee), series: ['medianMs', 'p90Ms'], hours: true }} />
      <Panel id="overdue" path="overdue" own={{ limit: 100 }} filters={filters} name={name} />
      <Panel id="routing" path="routing" own={{}} filters={filters} name={name}
        chart={{ x: (r, name) => name('definitionId', r.definitionId), series: ['open', 'closed'], stacked: true, sumBy: true }} />
      <Panel id="routingResponse" path="routing-response" own={{}} filters={filters} name={name}
        chart={{ x: (r, name) => `${name('definitionId', r.definitionId)}${r.team ? ` / ${r.team}` : ''}`, series: ['met', 'missed', 'noTarget'], stacked: true }} />
      <Panel id="firstResponse" path="first-response" own={{}} filters={filters} name={name}
        chart={{ x: (r, name) => name('definitionId', r.definitionId), series: ['met', 'missed', 'noTarget'], stacked: true }} />
      <Panel id="sopSteps" path="sop-steps" own={{}} filters={filters} name={name}
        chart={{ x: (r, name) => `${name('definitionId', r.definitionId)} #${r.step}`, series: ['onTime', 'late'], stacked: true }} />
      <Panel id="campaignFunnel" path="campaign-funnel" own={{}} filters={filters} name={name}
        chart={{ x: (r, name) => `${name('campaignId', r.campaignId)} ${r.variant}`, series: ['claimed', 'sent', 'failed', 'replied', 'clicked'] }} />
      <Panel id="churn" path="churn" own={{ days: filters.days, limit: 100 }} filters={filters} name={name} />
    </section>
  );
}
