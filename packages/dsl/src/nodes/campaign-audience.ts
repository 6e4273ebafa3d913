import { Type } from '@sinclair/typebox';
import { AudienceSchema, audienceProblems } from '../audience';
import { defineNode, optional, schema } from './sdk';

export const campaignAudience = defineNode({
  type: 'campaign.audience',
  title: 'Audience',
  category: 'campaign',
  icon: 'users',
  description: 'Who receives the campaign: tags and filters over customers, evaluated at send time, with a frequency cap.',
  config: schema({
    audience: AudienceSchema,
    frequencyCap: optional(schema({
      max: Type.Integer({ minimum: 1, maximum: 100, default: 1 }),
      perDays: Type.Integer({ minimum: 1, maximum: 30, default: 1 }),
    }, { description: 'campaign messages per customer across all campaigns; default one per day' })),
  }),
  check: (config) => audienceProblems(config.audience).map((p) => ({ pointer: `/audience${p.pointer}`, message: p.message })),
  behaviour: 'runtime',
  runtime: 'campaign',
});
