import type { CSSProperties } from 'react';

export interface WatermarkMark {
  text: string;
  date: string;
}

/** One tile of the pattern: the viewer and the date, tilted, faint. */
function tile({ text, date }: WatermarkMark): string {
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="280" height="160">`
    + `<g transform="rotate(-24 140 80)" fill="#10233f" fill-opacity="0.09" font-family="sans-serif" font-size="16" text-anchor="middle">`
    + `<text x="140" y="76">${escape(text)}</text><text x="140" y="98">${escape(date)}</text></g></svg>`;
  return `url("data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}")`;
}

/**
 * A faint repeated watermark with the viewer's name and the date over a
 * sensitive request, as office suites do: drawn as a background image so it
 * cannot be selected or copied as text, and clicks go through it. The parent
 * must be positioned (it covers the parent's box).
 */
export function Watermark({ mark }: { mark?: WatermarkMark | null }) {
  if (!mark) return null;
  const style: CSSProperties = {
    position: 'absolute', inset: 0, pointerEvents: 'none', userSelect: 'none', zIndex: 5,
    backgroundImage: tile(mark), backgroundRepeat: 'repeat',
  };
  return <div aria-hidden="true" data-testid="watermark" data-text={mark.text} data-date={mark.date} style={style} />;
}
