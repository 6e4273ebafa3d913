import { canvasHeight } from './ReadOnlyCanvas';

describe('the height of a read-only canvas', () => {
  // five nodes one under the other (a leave request), as the auto layout places them
  const tall = { width: 230, height: 760 };

  it('shows a tall flow whole at the largest reading scale its width allows', () => {
    // a desk: the width allows the largest scale (0.85), the height follows it
    expect(canvasHeight(tall, 1000, 1100)).toBe(Math.round(760 * 0.85 * 1.1));
    // a phone 340 px wide: one column of nodes fits at that scale, but the canvas stops at 70 % of the window (the flow scales down)
    expect(canvasHeight(tall, 340, 844)).toBe(Math.round(844 * 0.7));
  });

  it('scales a wide flow to its width, and its height with it', () => {
    const wide = { width: 1000, height: 400 };
    const zoom = 340 / (1000 * 1.1);
    expect(canvasHeight(wide, 340, 844)).toBe(Math.max(200, Math.round(400 * zoom * 1.1)));
  });

  it('stays between 200 px and 70 % of the window', () => {
    expect(canvasHeight({ width: 230, height: 84 }, 1000, 900)).toBe(200);
    expect(canvasHeight({ width: 230, height: 3000 }, 1000, 900)).toBe(630);
    expect(canvasHeight({ width: 230, height: 3000 }, 1000, 200)).toBe(200);
  });
});
