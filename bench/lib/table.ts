export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
}

/** A plain-text table with aligned columns; `null` rows print as a separator line. */
export function formatTable(columns: readonly Column[], rows: ReadonlyArray<ReadonlyArray<string> | null>): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r ? (r[i] ?? '').length : 0))));
  const line = (cells: ReadonlyArray<string>) =>
    cells
      .map((cell, i) => (columns[i]?.align === 'left' ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(columns.map((c) => c.header)), rule, ...rows.map((r) => (r ? line(r) : rule))].join('\n');
}

/** Milliseconds with two decimals, or '-' when there is no figure. */
export function ms(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '-' : value.toFixed(2);
}
