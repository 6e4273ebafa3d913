import {
  ApiOutlined, AppstoreOutlined, AuditOutlined, BranchesOutlined, ClockCircleOutlined, FlagOutlined, ForkOutlined, FunctionOutlined,
  GlobalOutlined, InboxOutlined, MailOutlined, MergeOutlined, MessageOutlined, OrderedListOutlined, PlayCircleOutlined, SignatureOutlined, TeamOutlined,
} from '@ant-design/icons';
import { builtinNodes, type Definition } from '@baton/dsl';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useMemo, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlowView, StepNode } from '../flow';
import { conditionInWords, nodeSummary } from '../flow-words';
import { useDirectory } from './directory';

const ICONS: Record<string, ComponentType> = {
  play: PlayCircleOutlined, flag: FlagOutlined, split: BranchesOutlined, stamp: AuditOutlined, mail: MailOutlined, copy: MailOutlined,
  clock: ClockCircleOutlined, fork: ForkOutlined, merge: MergeOutlined, variable: FunctionOutlined, globe: GlobalOutlined, webhook: ApiOutlined,
  inbox: InboxOutlined, 'list-checks': OrderedListOutlined, 'message-square': MessageOutlined, signpost: SignatureOutlined, users: TeamOutlined,
};

/** A node type's icon (from its declaration's `icon` name). */
export function NodeIcon({ icon }: { icon?: string }) {
  const Icon = (icon ? ICONS[icon] : undefined) ?? AppstoreOutlined;
  return <Icon />;
}

const BUILTIN_ICONS = new Map<string, string | undefined>(builtinNodes.map((n) => [n.type, n.icon]));
const builtinIcon = (type: string) => BUILTIN_ICONS.get(type);

/** The words the canvas puts on nodes and edges, in the reader's language, with people's names. */
export function useFlowWords(definition: Definition, iconOf: (type: string) => string | undefined = builtinIcon): Pick<FlowView, 'summarize' | 'describe' | 'output' | 'icon'> {
  const { t, i18n } = useTranslation();
  const { people, departments, roles, load } = useDirectory();
  useEffect(() => {
    void load();
  }, [load]);
  return useMemo(() => {
    const zh = i18n.language.startsWith('zh');
    const roleName = (code: string) => roles.find((r) => r.code === code)?.name[zh ? 'zh' : 'en'];
    const names = (id: string) => people.find((p) => p.id === id)?.name ?? departments.find((d) => d.id === id)?.name ?? roleName(id) ?? id;
    const translate = (key: string, values?: Record<string, unknown>) => t(key, values ?? {});
    return {
      summarize: (node) => nodeSummary(node, translate, names, definition.form?.fields ?? []),
      describe: (condition) => (condition === undefined ? t('summary.otherwise') : conditionInWords(condition, definition.form?.fields ?? [], translate)),
      output: (on) => t(`outputs.${on}`, on),
      icon: iconOf,
    };
  }, [t, i18n.language, people, departments, roles, definition.form, iconOf]);
}

/** One node on the canvas: icon, title, what it does, its problems and where a walk has been. */
export const StepView = memo(function StepView({ data, selected }: NodeProps<StepNode>) {
  const classes = ['step', `step-${data.type.replace(/[^a-z0-9-]/gi, '-')}`];
  if (data.problems.length) classes.push('step-problem');
  if (data.visited) classes.push('step-visited');
  if (data.active) classes.push('step-active');
  if (selected) classes.push('step-selected');
  return (
    <div className={classes.join(' ')} title={data.problems.join('\n')} data-testid={`node-${data.label}`}>
      {data.type !== 'start' && <Handle type="target" position={Position.Top} />}
      <div className="step-head">
        <span className="step-icon" aria-hidden="true"><NodeIcon icon={data.icon} /></span>
        <span className="step-label">{data.label}</span>
      </div>
      {data.summary && <div className="step-summary" data-testid="node-summary">{data.summary}</div>}
      {data.asked && <div className="step-asked">→ {data.asked.join(', ') || '—'}</div>}
      {data.problems.length > 0 && <div className="step-badge" data-testid="node-problems">{data.problems.length}</div>}
      {data.type !== 'end' && <Handle type="source" position={Position.Bottom} />}
    </div>
  );
});

export const nodeTypes = { step: StepView };
