import type { Definition } from '@baton/dsl';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type HistoryEntry, type InstanceTask, type InstanceView } from './api';
import { publishedDefinition } from './definitions';
import { FormRenderer } from './FormRenderer';
import { ReadOnlyCanvas } from './ReadOnlyCanvas';
import { Watermark } from './Watermark';

/** One request: its status, the path so far lit up on the canvas, the timeline of events and comments. */
export function InstanceDetail({ id, actions }: { id: string; actions?: (instance: InstanceView, definition: Definition, reload: () => void) => React.ReactNode }) {
  const { t } = useTranslation();
  const [instance, setInstance] = useState<InstanceView | null>(null);
  const [definition, setDefinition] = useState<Definition | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [tasks, setTasks] = useState<InstanceTask[]>([]);
  const [comment, setComment] = useState('');
  const reload = useCallback(() => {
    void api<InstanceView>(`/instances/${id}`).then(async (i) => {
      setInstance(i);
      setDefinition(await publishedDefinition(i.definitionId, i.version));
    });
    void api<{ items: HistoryEntry[] }>(`/instances/${id}/history`).then((h) => setHistory(h.items), () => setHistory([]));
    void api<{ items: InstanceTask[] }>(`/instances/${id}/tasks`).then((r) => setTasks(r.items), () => setTasks([]));
  }, [id]);
  useEffect(reload, [reload]);
  // while a request moves, its page follows (tasks are created by workers a moment after each step)
  const running = instance?.status === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reload, 3000);
    return () => clearInterval(timer);
  }, [running, reload]);
  if (!instance || !definition) return null;
  const title = (node: string) => definition.nodes.find((n) => n.id === node)?.title ?? node;
  const pending = tasks.filter((task) => task.status === 'pending' || task.status === 'waiting');
  return (
    <section className="instance-detail" data-testid="instance-detail" data-status={instance.status} style={{ position: 'relative' }}>
      <Watermark mark={instance.watermark} />
      <h3>{instance.serial} · {instance.title}</h3>
      <p data-testid="instance-status">{t('portal.status')}: <strong>{t(`status.${instance.status}`, instance.status)}</strong>
        {instance.at.length > 0 && <> · {instance.at.map(title).join(', ')}</>}
      </p>
      {pending.length > 0 && (
        <p data-testid="pending-with">{t('portal.pending', { people: pending.map((p) => `${p.assigneeName} (${title(p.node)})`).join(', ') })}</p>
      )}
      <ReadOnlyCanvas definition={definition} path={instance.path} active={instance.at} testId="instance-canvas" />
      {actions?.(instance, definition, reload)}
      <h4>{t('portal.timeline')}</h4>
      <ol className="timeline" data-testid="timeline">
        {history.map((h) => (
          <li key={h.rev}>
            <time>{new Date(h.at).toLocaleString()}</time> · <strong>{h.actor}</strong> · {h.type}{h.outcome ? ` (${t(`status.${h.outcome}`, h.outcome)})` : ''}
            {h.node && <> · {title(h.node)}</>}
            {h.to.length > 0 && <> → {h.to.map(title).join(', ')}</>}
            {h.comment && <blockquote>{h.comment}</blockquote>}
          </li>
        ))}
      </ol>
      <div className="row-actions">
        <input value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('portal.comment')} data-testid="comment-text" />
        <button type="button" disabled={!comment.trim()} onClick={() => void api(`/instances/${id}/comments`, { body: { text: comment } }).then(() => { setComment(''); reload(); })}>{t('portal.send')}</button>
      </div>
      {instance.form && <FormRenderer fields={definition.form.fields} value={instance.form} readOnly idPrefix="view" />}
    </section>
  );
}
