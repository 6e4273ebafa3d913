/** @jest-environment jsdom */
import type { FormField } from '@baton/dsl';
import { fireEvent, render } from '@testing-library/react';
import { ConditionBuilder, fieldsForConditions, toJsonLogic } from './ConditionBuilder';

const fields: FormField[] = [
  { key: 'days', label: 'Days', type: 'number', required: true },
  { key: 'type', label: 'Leave type', type: 'select', options: [{ value: 'annual', label: 'Annual' }, { value: 'sick' }] },
  { key: 'note', label: 'Note', type: 'signature' },
];

describe('the condition builder', () => {
  it('offers the form fields that a condition can test', () => {
    expect(fieldsForConditions(fields).map((f) => f.name)).toEqual(['form.days', 'form.type']);
  });

  it('writes json-logic over the form as the analyst builds a rule', () => {
    const onChange = jest.fn();
    const { container } = render(<ConditionBuilder value={undefined} fields={fields} onChange={onChange} />);
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.click(container.querySelector('.ruleGroup-addRule')!);
    fireEvent.change(container.querySelector('select.rule-fields')!, { target: { value: 'form.days' } });
    fireEvent.change(container.querySelector('select.rule-operators')!, { target: { value: '>' } });
    fireEvent.change(container.querySelector('input.rule-value')!, { target: { value: '3' } });
    expect(onChange).toHaveBeenLastCalledWith({ '>': [{ var: 'form.days' }, 3] });
  });

  it('reads an existing condition back into rules', () => {
    const logic = { and: [{ '>': [{ var: 'form.days' }, 3] }, { '==': [{ var: 'form.type' }, 'sick'] }] };
    const { container } = render(<ConditionBuilder value={logic} fields={fields} onChange={() => undefined} />);
    const rules = container.querySelectorAll('.rule');
    expect(rules).toHaveLength(2);
    expect((rules[0]!.querySelector('select.rule-fields') as HTMLSelectElement).value).toBe('form.days');
    expect((rules[0]!.querySelector('input.rule-value') as HTMLInputElement).value).toBe('3');
    expect((rules[1]!.querySelector('select.rule-value') as HTMLSelectElement).value).toBe('sick');
  });

  it('keeps a group of several rules as a group', () => {
    const query = { combinator: 'or', rules: [{ field: 'form.days', operator: '<', value: '1' }, { field: 'form.type', operator: '=', value: 'sick' }] };
    expect(toJsonLogic(query, fieldsForConditions(fields))).toEqual({ or: [{ '<': [{ var: 'form.days' }, 1] }, { '==': [{ var: 'form.type' }, 'sick'] }] });
  });
});
