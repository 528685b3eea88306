/** Plain-text tables with aligned columns (numbers right, text left). */
export interface Column {
  readonly header: string;
  readonly align?: "left" | "right";
}

export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  // A loop, not Math.max(...rows): spreading 10^5 rows into arguments overflows the stack.
  const widths = columns.map((c, i) => {
    let w = c.header.length;
    for (const r of rows) w = Math.max(w, (r[i] ?? "").length);
    return w;
  });
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (columns[i]?.align === "right" ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  return [line(columns.map((c) => c.header)), rule, ...rows.map(line)].join("\n");
}
