import { useEffect, useRef } from 'react';
import { Button } from 'antd';
import SignaturePad from 'signature_pad';
import { useTranslation } from 'react-i18next';

/** A drawn signature (signature_pad), given as a PNG data URL. */
export function SignatureInput({ value, disabled = false, onChange }: { value?: string; disabled?: boolean; onChange(v: string | undefined): void }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => {
    if (!canvas.current) return;
    const p = new SignaturePad(canvas.current, { penColor: '#123' });
    pad.current = p;
    p.addEventListener('endStroke', () => changed.current(p.isEmpty() ? undefined : p.toDataURL('image/png')));
    return () => p.off();
  }, []);
  useEffect(() => {
    if (disabled) pad.current?.off();
    else pad.current?.on();
  }, [disabled]);
  return (
    <div className="signature" data-testid="signature">
      {disabled && value ? <img src={value} alt="" /> : <canvas ref={canvas} width={320} height={120} />}
      {!disabled && <div><Button size="small" onClick={() => { pad.current?.clear(); onChange(undefined); }}>{t('inbox.clear')}</Button></div>}
    </div>
  );
}
