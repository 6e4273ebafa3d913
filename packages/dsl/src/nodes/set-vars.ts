import { defineNode, schema, unknown } from './sdk';
import { Type } from '@sinclair/typebox';

export const setVars = defineNode({
  type: 'set-vars',
  title: 'Set variables',
  category: 'data',
  icon: 'variable',
  description: 'Sets instance variables that later conditions and texts can read as vars.<name>.',
  config: schema({ values: Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]*$' }), unknown()) }),
  async execute({ config }) {
    return { vars: config.values };
  },
});
