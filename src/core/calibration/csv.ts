/**
 * A small RFC 4180 CSV reader: comma-separated fields, fields in double quotes may hold
 * commas, line breaks and doubled quotes (""). Enough for the calibration file, whose
 * notes and sources are quoted; no dependency, and pure (the core reads no files).
 */
import { InputError } from "../errors.js";

/**
 * Limits on a CSV input, each checked in one step before the work it bounds. The shipped
 * measured file is 110 KB and 300 rows; every row of it becomes one analysis.
 */
export const CSV_LIMITS = {
  /** Characters of text (and bytes of a file): 8 MiB is 70 times the shipped file. */
  chars: 8 * 1024 * 1024,
  /** Data rows: each is analysed, so 20,000 rows already take seconds. */
  rows: 20_000,
  /** Characters in one field (the longest note in the shipped file is under 1,000). */
  field: 64 * 1024,
} as const;

/** Parse CSV text into rows of fields. A trailing newline does not make an empty row. */
export function parseCsv(text: string): string[][] {
  if (text.length > CSV_LIMITS.chars)
    throw new InputError(
      "csv",
      `${text.length} characters`,
      `is longer than the limit of ${CSV_LIMITS.chars}`,
    );
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const n = text.length;
  const endField = () => {
    if (field.length > CSV_LIMITS.field)
      throw new InputError(
        `csv row ${rows.length} field ${row.length + 1}`,
        field.slice(0, 40),
        `is ${field.length} characters long; the limit is ${CSV_LIMITS.field}`,
      );
    row.push(field);
    field = "";
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
    if (rows.length > CSV_LIMITS.rows + 1)
      throw new InputError(
        "csv",
        `more than ${CSV_LIMITS.rows} rows`,
        `the limit is ${CSV_LIMITS.rows} data rows`,
      );
  };
  // Runs of ordinary characters are sliced, not appended one at a time.
  const plain = /[^",\r\n]+/y;
  const inQuotes = /[^"]+/y;
  while (i < n) {
    const re = quoted ? inQuotes : plain;
    re.lastIndex = i;
    const m = re.exec(text);
    if (m) {
      field += m[0];
      i += m[0].length;
      if (field.length > CSV_LIMITS.field) endField();
      continue;
    }
    const c = text[i]!;
    if (quoted) {
      // c is a quote: a doubled quote is one quote, a single one closes the field.
      if (text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else {
        quoted = false;
        i++;
      }
      continue;
    }
    if (c === '"' && field === "") {
      quoted = true;
      i++;
    } else if (c === ",") {
      endField();
      i++;
    } else if (c === "\n" || c === "\r") {
      endRow();
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new InputError("csv", text.slice(-40), "a quoted field is not closed");
  if (field !== "" || row.length > 0) endRow();
  return rows;
}

/** Rows as records keyed by the header's column names; every row must have the header's width. */
export function parseCsvRecords(text: string, required: readonly string[] = []): Record<string, string>[] {
  const rows = parseCsv(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const header = rows[0];
  if (!header) throw new InputError("csv", "", "the file is empty");
  for (const r of required) {
    if (!header.includes(r)) throw new InputError("csv", header.join(","), `the header has no "${r}" column`);
  }
  const out: Record<string, string>[] = [];
  for (let k = 1; k < rows.length; k++) {
    const r = rows[k]!;
    if (r.length === 1 && r[0] === "") continue; // blank line
    if (r.length !== header.length) {
      throw new InputError(
        `csv row ${k}`,
        r.join(",").slice(0, 80),
        `has ${r.length} fields, the header has ${header.length}`,
      );
    }
    const rec: Record<string, string> = {};
    header.forEach((h, j) => {
      rec[h] = r[j]!;
    });
    out.push(rec);
  }
  return out;
}
