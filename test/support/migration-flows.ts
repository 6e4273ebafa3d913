import type { Definition } from '@baton/dsl';
import type request from 'supertest';
import { eventually } from './eventually';
import { tokenFor } from './process';

/** Leave v1: manager (bob), finance (dan), HR (carol), director (dave): four nodes where requests wait. */
export function leaveV1(): Definition {
  const step = (id: string, who: string) => ({ id, type: 'approval', config: { assignees: [{ type: 'user', value: who }] } });
  return {
    id: 'leave-mig', name: 'Leave', kind: 'approval',
    form: { fields: [{ key: 'days', label: 'Days', type: 'number', required: true }] },
    nodes: [{ id: 'start', type: 'start' }, step('manager', 'bob'), step('finance', 'dan'), step('hr', 'carol'), step('ceo', 'dave'), { id: 'done', type: 'end' }],
    edges: [
      { from: 'start', to: 'manager' }, { from: 'manager', to: 'finance', on: 'approved' }, { from: 'finance', to: 'hr', on: 'approved' },
      { from: 'hr', to: 'ceo', on: 'approved' }, { from: 'ceo', to: 'done', on: 'approved' },
    ],
  };
}

/** Leave v2: the manager's step split into team lead (bob) then head (erin); finance removed; HR as it was; the director now reminded after a day. */
export function leaveV2(): Definition {
  const v1 = leaveV1();
  const step = (id: string, who: string) => ({ id, type: 'approval', config: { assignees: [{ type: 'user', value: who }] } });
  return {
    ...v1,
    nodes: [
      { id: 'start', type: 'start' }, step('lead', 'bob'), step('head', 'erin'), step('hr', 'carol'),
      { id: 'ceo', type: 'approval', config: { assignees: [{ type: 'user', value: 'dave' }], deadlines: { remindAfter: 'P1D' } } }, { id: 'done', type: 'end' },
    ],
    edges: [
      { from: 'start', to: 'lead' }, { from: 'lead', to: 'head', on: 'approved' }, { from: 'head', to: 'hr', on: 'approved' },
      { from: 'hr', to: 'ceo', on: 'approved' }, { from: 'ceo', to: 'done', on: 'approved' },
    ],
  };
}

/** What the analyst sets: the split node's requests go to its first half, the removed node's to HR. */
export const MAPPING = { manager: 'lead', finance: 'hr', hr: 'hr', ceo: 'ceo' };
const APPROVERS: Array<[string, string]> = [['manager', 'bob'], ['finance', 'dan'], ['hr', 'carol']];

type Http = () => ReturnType<typeof request>;
const as = (user: string) => ({ Authorization: `Bearer ${tokenFor(user)}` });

/** Saves and publishes a version of the leave flow. */
export async function publishVersion(http: Http, def: Definition): Promise<void> {
  {
    const saved = await http().put(`/api/v1/definitions/${def.id}`).set(as('admin')).send(def);
    if (saved.status !== 200) throw new Error(`save: ${saved.status} ${JSON.stringify(saved.body)}`);
    const published = await http().post(`/api/v1/definitions/${def.id}/publish`).set(as('admin')).send({});
    if (published.status !== 201) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  }
}

/**
 * Submits requests on v1 and approves each forward so that `spread[i]`
 * of them wait at the i-th node (manager, finance, hr, ceo). Must run while
 * v1 is the latest version. Answers the ids by node.
 */
export async function spreadOverNodes(http: Http, spread = [15, 15, 10, 10]): Promise<Record<string, string[]>> {
  const nodes = ['manager', 'finance', 'hr', 'ceo'];
  const byNode: Record<string, string[]> = Object.fromEntries(nodes.map((n) => [n, []]));
  await Promise.all(spread.map(async (count, depth) => {
    for (let i = 0; i < count; i++) {
      const res = await http().post('/api/v1/instances').set(as('alice')).send({ definitionId: 'leave-mig', form: { days: 1 + i } });
      if (res.status !== 201) throw new Error(`submit: ${res.status} ${JSON.stringify(res.body)}`);
      for (const [node, who] of APPROVERS.slice(0, depth)) {
        // the task is written by an effect worker a moment after the instance: approve once it is there
        await eventually(() => http().post(`/api/v1/tasks/${res.body.id}.${node}.1.${who}/approve`).set(as(who)).send({}).then((r) => r.status), (s) => s === 200,
          { what: `${who} to approve ${node}`, timeoutMs: 30_000 });
      }
      byNode[nodes[depth]!]!.push(res.body.id);
    }
  }));
  return byNode;
}

/** Leave for what-if: the initiator's department head, then carol when it is longer than `threshold` days. */
export function leaveWithThreshold(threshold: number): Definition {
  return {
    id: 'leave-wi', name: 'Leave', kind: 'approval',
    form: { fields: [{ key: 'days', label: 'Days', type: 'number', required: true }] },
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'head', type: 'approval', title: 'Department head', config: { assignees: [{ type: 'departmentHead' }] } },
      { id: 'long', type: 'branch' },
      { id: 'hr', type: 'approval', title: 'HR', config: { assignees: [{ type: 'user', value: 'carol' }] } },
      { id: 'done', type: 'end' },
    ],
    edges: [
      { from: 'start', to: 'head' },
      { from: 'head', to: 'long', on: 'approved' },
      { from: 'long', to: 'hr', condition: { '>': [{ var: 'form.days' }, threshold] } },
      { from: 'long', to: 'done' },
      { from: 'hr', to: 'done', on: 'approved' },
    ],
  };
}

export { as };
