/** @jest-environment jsdom */
import type { FormField } from '@baton/dsl';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import './i18n';
import { cleanForm, formErrors, FormRenderer, type FormData } from './FormRenderer';
import { cellErrors, moved, withCell } from './TableInput';

const items: FormField = {
  key: 'items', label: 'Items', type: 'table', required: true,
  columns: [
    { key: 'what', label: 'What', type: 'text', required: true },
    { key: 'amount', label: 'Amount', type: 'money', required: true },
    { key: 'kind', label: 'Kind', type: 'select', options: [{ value: 'travel', label: 'Travel' }, { value: 'meal', label: 'Meal' }] },
  ],
} as FormField;

/** The portal's way: problems shown once the form is touched. */
function Expense() {
  const [data, setData] = useState<FormData>({});
  return (
    <>
      <FormRenderer fields={[items]} value={data} onChange={setData} errors={formErrors([items], data)} idPrefix="req" />
      <output data-testid="value">{JSON.stringify(cleanForm(data))}</output>
    </>
  );
}

const value = () => JSON.parse(screen.getByTestId('value').textContent ?? '{}') as FormData;
const row = (i: number) => within(screen.getByTestId(`table-row-${i}`));

describe('a table field', () => {
  it('adds rows with one input per column by its type, and shows each cell\'s problem as the form validation says', () => {
    render(<Expense />);
    expect(screen.getByRole('alert').textContent).toBe('is required');
    act(() => fireEvent.click(screen.getByTestId('row-add')));
    expect((screen.getByTestId('cell-0-amount').querySelector('input') as HTMLInputElement).getAttribute('role')).toBe('spinbutton');
    expect(screen.getByTestId('cell-0-kind').querySelector('.ant-select')).not.toBeNull();
    expect(within(screen.getByTestId('cell-0-what')).getByRole('alert').textContent).toBe('is required');
    expect(within(screen.getByTestId('cell-0-amount')).getByRole('alert').textContent).toBe('is required');

    act(() => fireEvent.change(screen.getByTestId('cell-0-what').querySelector('input')!, { target: { value: 'Taxi' } }));
    act(() => fireEvent.change(screen.getByTestId('cell-0-amount').querySelector('input')!, { target: { value: '42.5' } }));
    act(() => fireEvent.mouseDown(within(screen.getByTestId('cell-0-kind')).getByRole('combobox')));
    act(() => fireEvent.click(document.querySelector('.ant-select-item-option[title="travel"], .ant-select-item-option[title="Travel"]')!));
    expect(screen.queryAllByRole('alert')).toHaveLength(0);
    expect(value()).toEqual({ items: [{ what: 'Taxi', amount: 42.5, kind: 'travel' }] });
  });

  it('reorders and removes rows', () => {
    render(<Expense />);
    for (const what of ['Taxi', 'Hotel', 'Lunch']) {
      act(() => fireEvent.click(screen.getByTestId('row-add')));
      const last = screen.getAllByTestId(/^table-row-/).length - 1;
      act(() => fireEvent.change(screen.getByTestId(`cell-${last}-what`).querySelector('input')!, { target: { value: what } }));
    }
    act(() => fireEvent.click(row(2).getByTestId('row-up')));
    expect((value().items as Array<{ what: string }>).map((r) => r.what)).toEqual(['Taxi', 'Lunch', 'Hotel']);
    expect((row(0).getByTestId('row-up') as HTMLButtonElement).disabled).toBe(true);
    act(() => fireEvent.click(row(0).getByTestId('row-remove')));
    expect((value().items as Array<{ what: string }>).map((r) => r.what)).toEqual(['Lunch', 'Hotel']);
    act(() => fireEvent.click(row(0).getByTestId('row-remove')));
    act(() => fireEvent.click(row(0).getByTestId('row-remove')));
    expect(value()).toEqual({});
  });

  it('shows the rows of a read-only table without editing buttons', () => {
    render(<FormRenderer fields={[items]} value={{ items: [{ what: 'Taxi', amount: 3 }] }} readOnly idPrefix="view" />);
    expect((screen.getByTestId('cell-0-what').querySelector('input') as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByTestId('row-add')).toBeNull();
    expect(screen.queryByTestId('row-remove')).toBeNull();
  });
});

describe('table rows', () => {
  it('sets a cell, dropping a cleared one, and moves rows within bounds', () => {
    expect(withCell([{ a: 1 }, { a: 2 }], 1, 'a', undefined)).toEqual([{ a: 1 }, {}]);
    expect(moved([{ a: 1 }, { a: 2 }], 0, -1)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(moved([{ a: 1 }, { a: 2 }], 0, 1)).toEqual([{ a: 2 }, { a: 1 }]);
  });

  it('finds cell problems per row', () => {
    expect(cellErrors(items.columns as FormField[], [{ what: 'x', amount: 'many' }, { amount: 1, kind: 'gift' }])).toEqual([
      { amount: 'must be a number' },
      { what: 'is required', kind: expect.stringContaining('must be one of') },
    ]);
  });
});
