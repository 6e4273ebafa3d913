import { BranchesOutlined, CheckCircleOutlined, CloseOutlined, PlusOutlined, SendOutlined, UserOutlined } from '@ant-design/icons';
import { validate, type Definition } from '@baton/dsl';
import { Alert, Badge, Button, Dropdown, Tooltip } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { autoLayout } from '../layout';
import { NodeIcon, useFlowWords } from '../shell/StepView';
import { addArm, chainOf, insertStep, removeArm, removeBlock, type Block, type Segment, type StepKind } from './chain';
import { useNodeTypes } from './node-types';
import { useDesigner } from './store';

/**
 * The approval-flow mode: the definition as the office suites' approval
 * designers draw it, a vertical chain with condition branches side by side.
 * Clicking a step or a condition selects it, and the side panel edits it
 * with pickers; + between steps inserts an approver, a copy or a branch.
 */

type BranchBlock = Extract<Block, { kind: 'branch' }>;

/** Every structural edit of this mode: change the graph, lay the canvas out again, select what was made. */
function edit(change: (d: Definition) => string | void) {
  const made: string[] = [];
  useDesigner.getState().commit((d) => {
    const id = change(d);
    if (id) made.push(id);
    d.layout = autoLayout(d);
  });
  useDesigner.getState().select({ nodes: made, edges: [] });
}

function beginning(d: Definition, submit: string, end: string): void {
  if (d.nodes.length > 0) return;
  d.nodes.push({ id: 'start', type: 'start', title: submit }, { id: 'approved', type: 'end', title: end, config: { status: 'completed' } });
  d.edges.push({ from: 'start', to: 'approved' });
}

interface Ctx {
  definition: Definition;
  problemsAt(pointer: string): string[];
  summarize(node: Definition['nodes'][number]): string;
  describe(condition: unknown): string;
  icon(type: string): string | undefined;
  selection: { nodes: string[]; edges: number[] };
}

function Gap({ gap, testId }: { gap: number[]; testId: string }) {
  const { t } = useTranslation();
  const titles = (kind: StepKind) => ({ step: t(kind === 'approval' ? 'flow.approver' : kind === 'cc' ? 'flow.cc' : 'flow.branch'), rejected: t('flow.rejected') });
  const items = (['approval', 'cc', 'branch'] as const).map((kind) => ({
    key: kind,
    label: <span data-testid={`add-${kind}`}>{t(kind === 'approval' ? 'flow.approver' : kind === 'cc' ? 'flow.cc' : 'flow.branch')}</span>,
    icon: kind === 'approval' ? <UserOutlined /> : kind === 'cc' ? <SendOutlined /> : <BranchesOutlined />,
  }));
  return (
    <div className="chain-gap">
      <Dropdown trigger={['click']} menu={{ items, onClick: ({ key }) => edit((d) => insertStep(d, gap, key as StepKind, titles(key as StepKind))) }}>
        <Button shape="circle" size="small" type="primary" icon={<PlusOutlined />} aria-label={t('flow.add')} data-testid={testId} />
      </Dropdown>
    </div>
  );
}

function StepCard({ node, ctx, block }: { node: string; ctx: Ctx; block: Block }) {
  const { t } = useTranslation();
  const index = ctx.definition.nodes.findIndex((n) => n.id === node);
  const n = ctx.definition.nodes[index]!;
  const problems = ctx.problemsAt(`/nodes/${index}`);
  const summary = ctx.summarize(n);
  const selected = ctx.selection.nodes.includes(node);
  const classes = ['chain-card', `step-${n.type}`, selected ? 'chain-selected' : '', problems.length ? 'step-problem' : ''].filter(Boolean).join(' ');
  return (
    <div className={classes} data-testid={`step-${node}`}>
      <button type="button" className="chain-card-body" onClick={() => useDesigner.getState().select({ nodes: [node], edges: [] })} title={problems.join('\n') || undefined}>
        <span className="chain-card-head">
          <span className="step-icon" aria-hidden="true"><NodeIcon icon={ctx.icon(n.type)} /></span>
          <span className="step-label">{n.title ?? n.id}</span>
          {problems.length > 0 && <Badge count={problems.length} title={t('flow.problems', { count: problems.length })} />}
        </span>
        <span className="chain-summary">{summary || t('flow.notSet')}</span>
      </button>
      <Tooltip title={t('flow.remove', { what: n.title ?? n.id })}>
        <Button type="text" size="small" className="chain-remove" icon={<CloseOutlined />} aria-label={t('flow.remove', { what: n.title ?? n.id })}
          data-testid={`remove-${node}`} onClick={() => edit((d) => removeBlock(d, block))} />
      </Tooltip>
    </div>
  );
}

function BranchView({ block, ctx }: { block: BranchBlock; ctx: Ctx }) {
  const { t } = useTranslation();
  const title = ctx.definition.nodes.find((n) => n.id === block.node)?.title ?? block.node;
  return (
    <div className="chain-branch" data-testid={`branch-${block.node}`}>
      <div className="chain-branch-head">
        {block.merge && (
          <Button size="small" icon={<PlusOutlined />} data-testid={`add-arm-${block.node}`} onClick={() => edit((d) => addArm(d, block.node, block.merge!))}>{t('flow.addArm')}</Button>
        )}
        {block.merge && (
          <Button size="small" type="text" danger icon={<CloseOutlined />} aria-label={t('flow.remove', { what: title })} data-testid={`remove-${block.node}`}
            onClick={() => edit((d) => removeBlock(d, block))} />
        )}
      </div>
      <div className="chain-arms">
        {block.arms.map((arm, k) => {
          const edge = ctx.definition.edges[arm.edge]!;
          const problems = ctx.problemsAt(`/edges/${arm.edge}`);
          const name = edge.condition === undefined ? t('flow.otherwise') : t('flow.condition', { n: k + 1 });
          const selected = ctx.selection.edges.includes(arm.edge);
          return (
            <div className="chain-arm" key={arm.edge}>
              <div className={['chain-card', 'chain-condition', selected ? 'chain-selected' : '', problems.length ? 'step-problem' : ''].filter(Boolean).join(' ')} data-testid={`arm-${block.node}-${k}`}>
                <button type="button" className="chain-card-body" onClick={() => useDesigner.getState().select({ nodes: [], edges: [arm.edge] })} title={problems.join('\n') || undefined}>
                  <span className="chain-card-head"><span className="step-label">{edge.label ?? name}</span>{problems.length > 0 && <Badge count={problems.length} />}</span>
                  <span className="chain-summary">{edge.condition === undefined ? t('flow.otherwiseHint') : edge.condition === true ? t('flow.notSet') : ctx.describe(edge.condition)}</span>
                </button>
                {block.arms.length > 1 && (
                  <Button type="text" size="small" className="chain-remove" icon={<CloseOutlined />} aria-label={t('flow.remove', { what: name })}
                    data-testid={`remove-arm-${block.node}-${k}`} onClick={() => edit((d) => removeArm(d, block, arm))} />
                )}
              </div>
              <SegmentView segment={arm.segment} ctx={ctx} first={`add-arm-${block.node}-${k}-start`} />
            </div>
          );
        })}
      </div>
    </div>
  );
}

function SegmentView({ segment, ctx, first }: { segment: Segment; ctx: Ctx; first: string }) {
  return (
    <>
      {segment.blocks.map((b, i) => (
        <div key={b.node} className="chain-item">
          <Gap gap={segment.gaps[i]!} testId={i === 0 ? first : `add-after-${segment.blocks[i - 1]!.node}`} />
          {b.kind === 'step' ? <StepCard node={b.node} block={b} ctx={ctx} /> : <BranchView block={b} ctx={ctx} />}
        </div>
      ))}
      {segment.gaps.length > segment.blocks.length && (
        <Gap gap={segment.gaps.at(-1)!} testId={segment.blocks.length ? `add-after-${segment.blocks.at(-1)!.node}` : first} />
      )}
      {segment.end && <div className="chain-end" data-testid="chain-end"><CheckCircleOutlined /> {ctx.definition.nodes.find((n) => n.id === segment.end)?.title ?? segment.end}</div>}
    </>
  );
}

export function ApprovalFlow() {
  const { t } = useTranslation();
  const definition = useDesigner((s) => s.definition);
  const selection = useDesigner((s) => s.selection);
  const { infos, registry } = useNodeTypes();
  const problems = useMemo(() => validate(definition, registry), [definition, registry]);
  const words = useFlowWords(definition, (type) => infos.find((i) => i.type === type)?.icon);
  const chain = useMemo(() => chainOf(definition), [definition]);
  const empty = definition.nodes.length === 0;
  // an empty flow starts as the smallest chain: submitted, then done
  useEffect(() => {
    if (empty) edit((d) => beginning(d, t('flow.submit'), t('flow.end')));
  }, [empty, t]);
  if (!chain) return <div className="approval-flow"><Alert type="warning" showIcon title={t('flow.notAChain')} data-testid="not-a-chain" /></div>;
  const ctx: Ctx = {
    definition,
    selection,
    problemsAt: (at) => problems.filter((p) => p.pointer === at || p.pointer.startsWith(`${at}/`)).map((p) => p.message),
    summarize: words.summarize!,
    describe: words.describe!,
    icon: (type) => words.icon?.(type),
  };
  const start = definition.nodes.find((n) => n.type === 'start')!;
  return (
    <div className="approval-flow" data-testid="approval-flow">
      <div className="chain-column">
        <div className="chain-card chain-start" data-testid="chain-start">
          <span className="chain-card-body">
            <span className="chain-card-head"><span className="step-label">{start.title ?? start.id}</span></span>
            <span className="chain-summary">{t('flow.start')}</span>
          </span>
        </div>
        <SegmentView segment={chain} ctx={ctx} first="add-first" />
      </div>
    </div>
  );
}
