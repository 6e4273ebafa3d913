import { checkTemplate, renderText } from './templates';
import { parseDuration } from './duration';

describe('message texts', () => {
  it('renders fields with HTML escaped', () => {
    expect(renderText('Hi {{name}}: {{note}}', { name: 'Bob', note: '<script>' })).toBe('Hi Bob: &lt;script&gt;');
  });

  it('does not expose prototype properties', () => {
    expect(renderText('[{{constructor}}][{{__proto__}}]', {})).toBe('[][]');
  });

  it('names the parse error of a broken template', () => {
    expect(checkTemplate('{{#each items}}')).toMatch(/Parse error|Expecting/);
    expect(checkTemplate('{{name}}')).toBeNull();
  });
});

describe('ISO 8601 durations', () => {
  it.each([['PT4H', 14_400_000], ['P2D', 172_800_000], ['P1DT12H', 129_600_000], ['PT2S', 2000], ['PT0.5S', 500], ['P1W', 604_800_000]])(
    '%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['2 days', 'P', 'PT', 'P1Y', 'P1M', 'PT0S', '', 'p2d'])('refuses %p', (text) => expect(parseDuration(text)).toBeNull());
});
