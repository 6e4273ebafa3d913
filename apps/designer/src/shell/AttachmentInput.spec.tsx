/** @jest-environment jsdom */
import type { FormField } from '@baton/dsl';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import './i18n';
import { AttachmentInput } from './AttachmentInput';
import { refusal, withAttachment, withoutAttachment, type AttachmentRef } from './attachments';

const receipts: FormField = { key: 'receipts', label: 'Receipts', type: 'attachment', multiple: true };
const contract: FormField = { key: 'contract', label: 'Contract', type: 'attachment' };

/** An upload the test finishes by hand, reporting progress on the way. */
function manualUploads() {
  const pending: Array<{ file: File; progress(f: number): void; resolve(r: AttachmentRef): void; reject(e: Error): void }> = [];
  const upload = (file: File, progress: (f: number) => void) => new Promise<AttachmentRef>((resolve, reject) => pending.push({ file, progress, resolve, reject }));
  return { pending, upload };
}

function Field({ field, upload, initial }: { field: FormField; upload: ReturnType<typeof manualUploads>['upload']; initial?: unknown }) {
  const [value, setValue] = useState<unknown>(initial);
  return (
    <>
      <AttachmentInput id="a" field={field} value={value} disabled={false} onChange={setValue} upload={upload} />
      <output data-testid="value">{JSON.stringify(value ?? null)}</output>
    </>
  );
}

const file = (name: string, type = 'application/pdf') => new File(['%PDF-1.4'], name, { type });
const choose = (...files: File[]) => fireEvent.change(screen.getByTestId('attachment-file'), { target: { files } });
const value = () => JSON.parse(screen.getByTestId('value').textContent ?? 'null') as unknown;

beforeAll(() => {
  // no engine here: the limits are not known, the engine would check them
  globalThis.fetch = (() => Promise.reject(new Error('offline'))) as typeof fetch;
});

describe('an attachment field', () => {
  it('shows each upload\'s progress and keeps every file of a field that takes several', async () => {
    const { pending, upload } = manualUploads();
    render(<Field field={receipts} upload={upload} />);
    expect((screen.getByTestId('attachment-file') as HTMLInputElement).multiple).toBe(true);
    act(() => choose(file('taxi.pdf'), file('hotel.pdf')));
    expect(screen.getAllByTestId('attachment-uploading')).toHaveLength(2);
    act(() => pending[0]!.progress(0.5));
    expect(screen.getAllByTestId('upload-progress')[0]!.getAttribute('value')).toBe('0.5');
    expect(screen.getAllByTestId('attachment-uploading')[0]!.textContent).toContain('50%');
    await act(async () => pending[1]!.resolve({ id: 'h1', name: 'hotel.pdf' }));
    await act(async () => pending[0]!.resolve({ id: 't1', name: 'taxi.pdf' }));
    expect(value()).toEqual([{ id: 'h1', name: 'hotel.pdf' }, { id: 't1', name: 'taxi.pdf' }]);
    expect(screen.queryAllByTestId('attachment-uploading')).toHaveLength(0);
    expect(screen.getAllByTestId('attachment-link').map((a) => a.textContent)).toEqual(['hotel.pdf', 'taxi.pdf']);

    act(() => fireEvent.click(screen.getAllByTestId('attachment-remove')[0]!));
    expect(value()).toEqual([{ id: 't1', name: 'taxi.pdf' }]);
  });

  it('replaces the file of a single-file field and empties it when removed', async () => {
    const { pending, upload } = manualUploads();
    render(<Field field={contract} upload={upload} initial={{ id: 'old', name: 'draft.pdf' }} />);
    expect((screen.getByTestId('attachment-file') as HTMLInputElement).multiple).toBe(false);
    act(() => choose(file('signed.pdf')));
    await act(async () => pending[0]!.resolve({ id: 'new', name: 'signed.pdf' }));
    expect(value()).toEqual({ id: 'new', name: 'signed.pdf' });
    act(() => fireEvent.click(screen.getByTestId('attachment-remove')));
    expect(value()).toBeNull();
  });

  it('shows the engine\'s refusal beside the field, naming it and the file', async () => {
    const { pending, upload } = manualUploads();
    render(<Field field={receipts} upload={upload} />);
    act(() => choose(file('run.exe', 'application/x-msdownload')));
    await act(async () => pending[0]!.reject(new Error('attachments of type "application/x-msdownload" are not accepted')));
    expect(screen.getByRole('alert').textContent).toBe('Receipts: run.exe was not uploaded: attachments of type "application/x-msdownload" are not accepted');
    expect(value()).toBeNull();
  });

  it('shows the files of a read-only field as download links only', () => {
    render(<AttachmentInput id="a" field={receipts} value={[{ id: 'x', name: 'quote.pdf' }]} disabled onChange={() => undefined} />);
    expect(screen.getByTestId('attachment-link').textContent).toBe('quote.pdf');
    expect(screen.queryByTestId('attachment-file')).toBeNull();
    expect(screen.queryByTestId('attachment-remove')).toBeNull();
  });
});

describe('attachment values and limits', () => {
  const limits = { maxBytes: 1000, types: ['application/pdf', 'image/png'] };

  it('refuses an empty, a too large or a not accepted file before uploading it', () => {
    expect(refusal({ name: 'a.pdf', size: 10, type: 'application/pdf' }, limits)).toBeNull();
    expect(refusal({ name: 'a.pdf', size: 0, type: 'application/pdf' }, limits)?.key).toBe('attachment.empty');
    expect(refusal({ name: 'a.pdf', size: 1001, type: 'application/pdf' }, limits)).toEqual({ key: 'attachment.tooLarge', values: { name: 'a.pdf', max: '1.0 kB' } });
    expect(refusal({ name: 'a.exe', size: 10, type: 'application/x-msdownload' }, limits)?.key).toBe('attachment.badType');
    expect(refusal({ name: 'a.exe', size: 10, type: 'application/x-msdownload' }, null)).toBeNull();
  });

  it('adds to and removes from one file or a list', () => {
    expect(withAttachment(undefined, { id: 'a' }, true)).toEqual([{ id: 'a' }]);
    expect(withAttachment({ id: 'a' }, { id: 'b' }, false)).toEqual({ id: 'b' });
    expect(withoutAttachment([{ id: 'a' }, { id: 'b' }], 'a', true)).toEqual([{ id: 'b' }]);
    expect(withoutAttachment([{ id: 'a' }], 'a', true)).toBeUndefined();
  });
});
