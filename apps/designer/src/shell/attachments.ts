import { ApiError, api, loadSession } from './api';

/** What an attachment field holds per file: the id the engine gave the upload, and its name. */
export interface AttachmentRef {
  id: string;
  name?: string;
}

export interface AttachmentLimits {
  maxBytes: number;
  types: string[];
}

let limits: Promise<AttachmentLimits | null> | null = null;

/** The engine's size and type limits (fetched once); null when they could not be read: the engine still checks. */
export function attachmentLimits(): Promise<AttachmentLimits | null> {
  limits ??= api<AttachmentLimits>('/attachments/limits').catch(() => {
    limits = null;
    return null;
  });
  return limits;
}

/** Why a file cannot be uploaded under these limits, before sending it; null when it may be. */
export function refusal(file: { name: string; size: number; type: string }, limit: AttachmentLimits | null): { key: string; values: Record<string, string | number> } | null {
  if (!limit) return null;
  if (file.size === 0) return { key: 'attachment.empty', values: { name: file.name } };
  if (file.size > limit.maxBytes) return { key: 'attachment.tooLarge', values: { name: file.name, max: formatBytes(limit.maxBytes) } };
  const type = file.type.toLowerCase();
  if (!limit.types.includes(type)) return { key: 'attachment.badType', values: { name: file.name, type: type || '?', types: limit.types.join(', ') } };
  return null;
}

export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)} kB`;
  return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 1 : 0)} MB`;
}

/** Uploads one file as the raw body (POST /attachments?name=), reporting progress from 0 to 1. */
export function uploadAttachment(file: File, onProgress: (fraction: number) => void): Promise<AttachmentRef> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/attachments?name=${encodeURIComponent(file.name)}`);
    const token = loadSession()?.token;
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'the upload failed: no answer from the server'));
    xhr.onload = () => {
      let body: { id?: string; name?: string; message?: string; problems?: Array<{ pointer: string; message: string }> } = {};
      try {
        body = JSON.parse(xhr.responseText || '{}') as typeof body;
      } catch {
        // a proxy's HTML error page: the status says enough
      }
      if (xhr.status >= 200 && xhr.status < 300 && body.id) resolve({ id: body.id, name: body.name ?? file.name });
      else reject(new ApiError(xhr.status, body.message ?? xhr.statusText, body.problems ?? []));
    };
    xhr.send(file);
  });
}

/** Downloads an attachment with the session's token and hands it to the browser as a file. */
export async function downloadAttachment(ref: AttachmentRef): Promise<void> {
  const token = loadSession()?.token;
  const response = await fetch(`/api/v1/attachments/${encodeURIComponent(ref.id)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new ApiError(response.status, response.statusText);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = ref.name ?? ref.id;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The files an attachment field holds, whether it takes one or several. */
export function refsOf(value: unknown): AttachmentRef[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.filter((v): v is AttachmentRef => typeof (v as AttachmentRef | null)?.id === 'string');
}

/** The field's value with `added` in: appended when the field takes several, replacing otherwise. */
export function withAttachment(value: unknown, added: AttachmentRef, multiple: boolean): AttachmentRef | AttachmentRef[] {
  return multiple ? [...refsOf(value), added] : added;
}

/** The field's value without the file `id`; undefined when nothing is left. */
export function withoutAttachment(value: unknown, id: string, multiple: boolean): AttachmentRef | AttachmentRef[] | undefined {
  const rest = refsOf(value).filter((r) => r.id !== id);
  if (rest.length === 0) return undefined;
  return multiple ? rest : rest[0];
}
