import jsonLogic from 'json-logic-js';
import { checkRule, compileRule, type ExpressionData } from './expressions';

const data: ExpressionData = {
  form: { days: 3, amount: 1250.5, type: 'annual', tags: ['urgent', 'travel'], note: '', items: [{ qty: 2, price: 10 }, { qty: 1, price: 5 }], empty: [] },
  vars: { level: 2, flag: true, nothing: null },
  initiator: { id: 'alice', department: 'sales', grade: 7 },
  instance: { id: 'i-1' },
};

/** Rules as analysts write them, plus the edge cases where engines tend to differ. */
const rules: unknown[] = [
  { '>': [{ var: 'form.days' }, 2] },
  { '<=': [1, { var: 'form.days' }, 5] },
  { and: [{ '==': [{ var: 'form.type' }, 'annual'] }, { '>=': [{ var: 'initiator.grade' }, 5] }] },
  { or: [{ var: 'form.note' }, { var: 'vars.nothing' }, 'fallback'] },
  { and: [true, { var: 'form.days' }, 0] },
  { if: [{ '>': [{ var: 'form.amount' }, 1000] }, 'cfo', { '>': [{ var: 'form.amount' }, 100] }, 'manager', 'none'] },
  { '?:': [{ var: 'vars.flag' }, 'yes', 'no'] },
  { in: ['urgent', { var: 'form.tags' }] },
  { in: ['ale', { var: 'initiator.id' }] },
  { '==': [1, '1'] }, { '===': [1, '1'] }, { '!=': [null, 0] }, { '==': [null, 0] }, { '==': [0, ''] }, { '!=': ['1', 1] }, { '==': [null, null] }, { '!==': ['a', 'a'] },
  { '!': [{ var: 'form.empty' }] }, { '!!': [{ var: 'form.empty' }] }, { '!!': ['0'] }, { '!': [''] },
  { '+': [1, '2', 3.5] }, { '-': [10, 4] }, { '-': [5] }, { '*': [2, '3'] }, { '/': [7, 2] }, { '%': [7, 3] },
  { max: [1, 9, 3] }, { min: [4, 2, 8] },
  { cat: ['Leave for ', { var: 'form.days' }, ' days'] }, { substr: ['approval', 2, 3] }, { substr: ['approval', -3] },
  { merge: [[1, 2], 3, [4]] },
  { map: [{ var: 'form.items' }, { '*': [{ var: 'qty' }, { var: 'price' }] }] },
  { reduce: [{ var: 'form.items' }, { '+': [{ var: 'accumulator' }, { '*': [{ var: 'current.qty' }, { var: 'current.price' }] }] }, 0] },
  { filter: [{ var: 'form.items' }, { '>': [{ var: 'price' }, 6] }] },
  { all: [{ var: 'form.items' }, { '>': [{ var: 'qty' }, 0] }] },
  { some: [{ var: 'form.items' }, { '>': [{ var: 'qty' }, 1] }] },
  { none: [{ var: 'form.items' }, { '>': [{ var: 'qty' }, 5] }] },
  { missing: ['form.days', 'form.nope'] },
  { missing_some: [1, ['form.days', 'form.nope']] },
  { var: ['form.absent', 'default'] },
  { var: 'form.items.1.qty' },
  { '<': [{ var: 'form.days' }, 5] },
  { '>': ['10', 9] },
];

describe('compiled json-logic', () => {
  it.each(rules.map((r) => [JSON.stringify(r), r]))('returns what json-logic-js returns for %s', (_, rule) => {
    expect(compileRule(rule)(data)).toEqual(jsonLogic.apply(rule as never, data));
  });

  it('refuses the method operator even when called directly', () => {
    expect(() => compileRule({ method: [{ var: 'form.type' }, 'toUpperCase'] })).toThrow(/method/);
  });

  it('refuses operators json-logic-js does not have', () => {
    expect(checkRule({ throw: 'x' }).problems).toEqual([{ pointer: '/throw', message: 'unknown operator "throw"' }]);
  });

  it('lists the form fields a rule reads, ignoring item variables inside map', () => {
    const check = checkRule({ and: [{ var: 'form.days' }, { map: [{ var: 'form.items' }, { var: 'qty' }] }] });
    expect(check.formFields.map((f) => f.key)).toEqual(['days', 'items']);
    expect(check.problems).toEqual([]);
  });
});

describe('rules whose arguments fit no operator', () => {
  it.each([[{ '>': 'budget-change' }], [{ if: 1 }], [{ and: [true, { max: 'x' }] }]])('refuses %j at validate time instead of failing to compile', (rule) => {
    expect(checkRule(rule).problems).toEqual([{ pointer: '', message: expect.stringContaining('the rule does not compile') }]);
  });
});
