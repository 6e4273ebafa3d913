import { ManualClock, systemClock } from './clock';

describe('clocks', () => {
  it('a manual clock stands still until moved', () => {
    const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    clock.advance(2 * 86_400_000);
    expect(clock.now().toISOString()).toBe('2026-01-03T00:00:00.000Z');
    expect(clock.nowMs()).toBe(Date.parse('2026-01-03T00:00:00Z'));
  });

  it('the system clock reads the real time', () => {
    const before = Date.now();
    const read = systemClock.nowMs();
    expect(read).toBeGreaterThanOrEqual(before);
    expect(read - before).toBeLessThan(1000);
  });
});
