import { useEffect } from 'react';

/** True while the user types into a field: single-key shortcuts stay out of the way then. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/**
 * Boxes that scroll sideways (antd tables on a phone) take the keyboard's
 * focus, so they can be scrolled without a pointer (WCAG 2.1.1; axe-core's
 * scrollable-region-focusable). antd renders them itself, so they are found
 * as they appear.
 */
export function useFocusableScrollers(selector: string): void {
  useEffect(() => {
    const mark = () => document.querySelectorAll<HTMLElement>(selector).forEach((el) => {
      if (!el.hasAttribute('tabindex')) el.tabIndex = 0;
    });
    mark();
    const observer = new MutationObserver(mark);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [selector]);
}
