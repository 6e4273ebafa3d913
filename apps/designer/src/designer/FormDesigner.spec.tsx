/** @jest-environment jsdom */
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import '../shell/i18n';
import { optionTexts, pick } from '../test-support/antd-select';
import { FormDesigner, patched } from './FormDesigner';
import { blankDefinition, useDesigner } from './store';

function field(i: number) {
  return within(screen.getByTestId(`form-field-${i}`));
}

describe('the form designer', () => {
  beforeEach(() => {
    act(() => useDesigner.getState().load({ ...blankDefinition(), form: { fields: [{ key: 'items', label: 'Items', type: 'text' }] } }));
    globalThis.fetch = (() => Promise.reject(new Error('offline'))) as typeof fetch;
  });

  it('sets the columns of a table field, each with its own type, and previews the row editor', () => {
    render(<FormDesigner />);
    pick(field(0).getByTestId('field-type'), 'Table (rows of columns)');
    act(() => fireEvent.click(field(0).getByTestId('add-column')));
    act(() => fireEvent.click(field(0).getByTestId('add-column')));
    const amount = within(screen.getByTestId('column-1'));
    act(() => fireEvent.change(amount.getByTestId('field-key'), { target: { value: 'amount' } }));
    act(() => fireEvent.change(amount.getByTestId('field-label'), { target: { value: 'Amount' } }));
    pick(amount.getByTestId('field-type'), 'Amount of money');
    act(() => fireEvent.click(amount.getByTestId('field-required')));
    // a column cannot itself be a table
    expect(optionTexts(amount.getByTestId('field-type'))).toEqual(expect.arrayContaining(['Text', 'Amount of money', 'Signature']));
    expect(optionTexts(amount.getByTestId('field-type'))).not.toContain('Table (rows of columns)');
    expect(useDesigner.getState().definition.form.fields[0]).toEqual({
      key: 'items', label: 'Items', type: 'table',
      columns: [{ key: 'column1', label: 'Column 1', type: 'text' }, { key: 'amount', label: 'Amount', type: 'money', required: true }],
    });

    const preview = within(screen.getByTestId('form-preview'));
    // an empty preview shows no problems; a row added without its required amount does
    expect(preview.queryAllByRole('alert')).toEqual([]);
    act(() => fireEvent.click(preview.getByTestId('row-add')));
    expect((preview.getByTestId('cell-0-amount').querySelector('input') as HTMLInputElement).getAttribute('role')).toBe('spinbutton');
    expect(within(preview.getByTestId('cell-0-amount')).getByRole('alert').textContent).toBe('is required');

    act(() => useDesigner.getState().undo());
    expect(useDesigner.getState().definition.form.fields[0]!.columns![1]).toEqual({ key: 'amount', label: 'Amount', type: 'money' });
  });

  it('lets an attachment field take several files', () => {
    render(<FormDesigner />);
    expect(field(0).queryByTestId('field-multiple')).toBeNull();
    pick(field(0).getByTestId('field-type'), 'Attachment');
    act(() => fireEvent.click(field(0).getByTestId('field-multiple')));
    expect(useDesigner.getState().definition.form.fields[0]).toEqual({ key: 'items', label: 'Items', type: 'attachment', multiple: true });
    expect((within(screen.getByTestId('form-preview')).getByTestId('attachment-file') as HTMLInputElement).multiple).toBe(true);
    act(() => fireEvent.click(field(0).getByTestId('field-multiple')));
    expect(useDesigner.getState().definition.form.fields[0]).not.toHaveProperty('multiple');
  });

  it('drops a setting patched to undefined', () => {
    expect(patched({ key: 'a', min: 1 }, { min: undefined })).toEqual({ key: 'a' });
  });
});
