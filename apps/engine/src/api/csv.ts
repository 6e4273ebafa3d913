/**
 * One CSV cell: quoted when it holds a comma, quote or line break, and
 * defused when a spreadsheet would run it as a formula (it starts with
 * =, +, -, @, a tab or a carriage return): a leading ' makes it text.
 */
export function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
