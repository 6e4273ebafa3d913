import { compileText, type CompiledText } from '@baton/dsl';
import type { NotificationKind } from '@baton/dsl';

/**
 * The words of each notification, as Handlebars over
 * { instance: { serial, title, status }, node, actor, comment }. HTML is
 * escaped, prototype access is off (see packages/dsl templates).
 */
const MESSAGES: Record<NotificationKind, { title: string; body: string }> = {
  assigned: { title: '{{instance.serial}} needs your decision', body: '{{instance.title}} is waiting for you at "{{node}}".' },
  copied: { title: '{{instance.serial}} was copied to you', body: 'For your information: {{instance.title}} ({{instance.status}}).' },
  reminder: { title: 'Reminder: {{instance.serial}} is still waiting for you', body: '{{instance.title}} has waited at "{{node}}" past its reminder time.' },
  urged: { title: 'Reminder: {{instance.serial}} is waiting for you', body: '{{actor}} asks you to look at {{instance.title}}.' },
  approved: { title: '{{actor}} approved {{instance.serial}}', body: '{{instance.title}}: "{{node}}" is approved.{{#if comment}} Comment: {{comment}}{{/if}}' },
  rejected: { title: '{{instance.serial}} was rejected', body: '{{instance.title}} was rejected by {{actor}}.{{#if comment}} Comment: {{comment}}{{/if}}' },
  returned: { title: '{{instance.serial}} was returned to you', body: '{{actor}} returned {{instance.title}}; edit it and resubmit.{{#if comment}} Comment: {{comment}}{{/if}}' },
  completed: { title: '{{instance.serial}} is complete', body: '{{instance.title}} went through every step.' },
  mentioned: { title: '{{actor}} mentioned you on {{instance.serial}}', body: '{{comment}}' },
  withdrawn: { title: '{{instance.serial}} was withdrawn', body: '{{actor}} withdrew {{instance.title}}; your task is closed.' },
};

const compiled = Object.fromEntries(Object.entries(MESSAGES).map(([kind, m]) => [kind, { title: compileText(m.title), body: compileText(m.body) }])) as
  Record<NotificationKind, { title: CompiledText; body: CompiledText }>;

export function render(kind: NotificationKind, data: object): { title: string; body: string } {
  return { title: compiled[kind].title(data), body: compiled[kind].body(data) };
}
