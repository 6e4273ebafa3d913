import type { FormField } from '@baton/dsl';
import { useEffect, useRef, useState } from 'react';
import { UploadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { attachmentLimits, downloadAttachment, formatBytes, refsOf, refusal, uploadAttachment, withAttachment, withoutAttachment, type AttachmentLimits, type AttachmentRef } from './attachments';

interface Upload {
  key: number;
  name: string;
  fraction: number;
}

/** A file named by a form: a link that downloads it with the session's token. */
export function AttachmentLink({ file }: { file: AttachmentRef }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  return (
    <a
      href={`#attachment-${file.id}`}
      data-testid="attachment-link"
      onClick={(e) => {
        e.preventDefault();
        setFailed(false);
        downloadAttachment(file).catch(() => setFailed(true));
      }}
    >
      {file.name ?? file.id}{failed && <span className="field-error" role="alert"> {t('attachment.downloadFailed')}</span>}
    </a>
  );
}

/**
 * An attachment field: pick files, watch each upload's progress, remove what
 * was added. The engine keeps the file and answers its id, which the form
 * holds; limits are checked here first and the engine's refusals are shown
 * beside the field, naming it.
 */
export function AttachmentInput({ id, field, value, disabled, onChange, upload = uploadAttachment }: {
  id: string;
  field: FormField;
  value: unknown;
  disabled: boolean;
  onChange(v: unknown): void;
  upload?: typeof uploadAttachment;
}) {
  const { t } = useTranslation();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [limits, setLimits] = useState<AttachmentLimits | null>(null);
  const multiple = field.multiple === true;
  // an upload ends after other fields may have changed: it must add to the form as it is then
  const latest = useRef({ value, onChange });
  latest.current = { value, onChange };
  const nextKey = useRef(0);
  const picker = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!disabled) void attachmentLimits().then(setLimits);
  }, [disabled]);

  const files = refsOf(value);
  if (disabled) {
    return (
      <ul className="attachments" id={id} data-testid="attachments">
        {files.length === 0 ? <li>—</li> : files.map((f) => <li key={f.id}><AttachmentLink file={f} /></li>)}
      </ul>
    );
  }

  const start = (file: File) => {
    const refused = refusal(file, limits);
    if (refused) {
      setErrors((e) => [...e, t(refused.key, { field: field.label, ...refused.values })]);
      return;
    }
    const key = nextKey.current++;
    setUploads((u) => [...u, { key, name: file.name, fraction: 0 }]);
    const progress = (fraction: number) => setUploads((u) => u.map((x) => (x.key === key ? { ...x, fraction } : x)));
    upload(file, progress).then(
      (ref) => latest.current.onChange(withAttachment(latest.current.value, ref, multiple)),
      (error: unknown) => setErrors((e) => [...e, t('attachment.failed', { field: field.label, name: file.name, message: error instanceof Error ? error.message : String(error) })]),
    ).finally(() => setUploads((u) => u.filter((x) => x.key !== key)));
  };

  return (
    <div className="attachment-input">
      <Button icon={<UploadOutlined />} onClick={() => picker.current?.click()}>{t('attachment.choose')}</Button>
      <input
        ref={picker}
        id={id}
        style={{ display: 'none' }}
        type="file"
        multiple={multiple}
        accept={limits?.types.join(',')}
        data-testid="attachment-file"
        onChange={(e) => {
          setErrors([]);
          const chosen = [...(e.target.files ?? [])];
          for (const file of multiple ? chosen : chosen.slice(0, 1)) start(file);
          e.target.value = '';
        }}
      />
      {limits && <small style={{ marginLeft: 8, color: '#667085' }}>{t('attachment.limits', { max: formatBytes(limits.maxBytes) })}</small>}
      <ul className="attachments" data-testid="attachments">
        {files.map((f) => (
          <li key={f.id} data-testid="attachment-item">
            <AttachmentLink file={f} />{' '}
            <Button type="link" size="small" danger data-testid="attachment-remove" aria-label={t('attachment.remove', { name: f.name ?? f.id })} onClick={() => onChange(withoutAttachment(value, f.id, multiple))}>{t('form.remove')}</Button>
          </li>
        ))}
        {uploads.map((u) => (
          <li key={`u${u.key}`} data-testid="attachment-uploading">
            {u.name} <progress data-testid="upload-progress" max={1} value={u.fraction} /> {Math.round(u.fraction * 100)}%
          </li>
        ))}
      </ul>
      {errors.map((message, i) => <div key={i} className="field-error" role="alert" data-testid="attachment-error">{message}</div>)}
    </div>
  );
}
