/**
 * A small RFC 4180 CSV reader: comma-separated fields, fields in double quotes may hold
 * commas, line breaks and doubled quotes (""). Enough for the calibration file, whose
 * notes and sources are quoted; no dependency, and pure (the core reads no files).
 */
import { InputError } from "../errors.js";

/** Parse CSV text into rows of fields. A trailing newline does not make an empty row. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const n = text.length;
  const endField = () => {
    row.push(field);
    field = "";
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
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
