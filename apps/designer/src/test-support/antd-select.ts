import { fireEvent } from '@testing-library/react';

/** The list each select rendered when it first opened: a select opened again reuses it. */
const listOf = new WeakMap<Element, Element>();

/** antd's select opens on a mouse-down and renders its options apart, in a list appended to the page. */
function openOptions(select: Element): Element[] {
  const root = select.closest('.ant-select') ?? select.querySelector('.ant-select') ?? select;
  const before = new Set(document.querySelectorAll('.ant-select-dropdown'));
  fireEvent.mouseDown(root);
  const list = listOf.get(root) ?? [...document.querySelectorAll('.ant-select-dropdown')].find((d) => !before.has(d));
  if (!list) throw new Error('the select opened no list');
  listOf.set(root, list);
  return [...list.querySelectorAll('.ant-select-item-option')];
}

/** The texts of an antd select's options, as a person reads them. */
export function optionTexts(select: Element): string[] {
  return openOptions(select).map((o) => o.textContent ?? '');
}

/** Chooses the option of an antd select whose text is, or includes, `text`. */
export function pick(select: Element, text: string): void {
  const options = openOptions(select);
  const option = options.find((o) => o.textContent === text) ?? options.find((o) => o.textContent?.includes(text));
  if (!option) throw new Error(`no option "${text}" in ${options.map((o) => o.textContent).join(', ')}`);
  fireEvent.click(option);
}
