/** What every dashboard answers: one table, shown as JSON or exported as CSV. */
export interface Table {
  columns: string[];
  rows: Array<Record<string, string | number | null>>;
  /** when rows are limited: how many there are in all */
  total?: number;
  /**
   * figures over the recorded history: from the counters, or from the facts
   * when the counters cannot answer the filters exactly (a period not on UTC
   * midnights, several departments at once); overdue tasks: from the tasks
   */
  computedFrom?: 'counters' | 'facts' | 'tasks';
}

export function toCsv(table: Table): string {
  const lines = [table.columns.join(','), ...table.rows.map((row) => table.columns.map((c) => csvCell(row[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  // a cell starting with = + - @ would be a formula in a spreadsheet
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
