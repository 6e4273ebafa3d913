import type { Problem } from '@baton/dsl';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDesigner } from './store';

/** Every problem validate() finds; clicking one selects the node or edge it concerns. */
export function ProblemsPanel({ problems, onForm }: { problems: Problem[]; onForm(): void }) {
  const { t } = useTranslation();
  const definition = useDesigner((s) => s.definition);
  const reveal = (pointer: string) => {
    const [, list, index] = pointer.split('/');
    if (list === 'nodes' && definition.nodes[Number(index)]) useDesigner.getState().select({ nodes: [definition.nodes[Number(index)]!.id], edges: [] });
    else if (list === 'edges') useDesigner.getState().select({ nodes: [], edges: [Number(index)] });
    else if (list === 'form') onForm();
  };
  if (problems.length === 0) return <p className="ok" data-testid="no-problems">{t('designer.noProblems')}</p>;
  return (
    <ul className="problems" data-testid="problems">
      {problems.map((p) => (
        <li key={`${p.pointer}:${p.message}`}>
          <Button type="link" className="problem-link" onClick={() => reveal(p.pointer)}>
            <code>{p.pointer || '/'}</code> {p.message}
          </Button>
        </li>
      ))}
    </ul>
  );
}
