import type { WidgetProps } from '@rjsf/utils';
import { PeoplePicker } from '../shell/PeoplePicker';

/** A config value that is one person's id (an approval's administrator), chosen by name or department. */
export function PersonWidget({ id, value, onChange, disabled, readonly }: WidgetProps) {
  return <PeoplePicker id={id} testId={id} value={typeof value === 'string' ? value : undefined} disabled={disabled || readonly} onChange={(v) => onChange(typeof v === 'string' ? v : undefined)} />;
}
