import { defineCommand } from "citty";
import {
  chapterText,
  checkClaims,
  countByVerdict,
  SECTIONS,
  selectClaims,
  VERDICTS,
  type Verdict,
} from "../../chapter/index.js";
import { InputError } from "../../core/index.js";
import { jsonArg } from "../args.js";
import { checkFlags } from "../check-flags.js";

const args = {
  section: {
    type: "positional",
    required: false,
    description:
      "a section (2.1.3, 2.2.4, 2.3 …), summary, exercises or one exercise (ex2.6); all by default",
  },
  verdict: {
    type: "string",
    description: "only claims with this verdict: agrees | simplification | error | not-checkable",
  },
  ...jsonArg,
} as const;

function parseVerdict(v: string): Verdict {
  const s = v.trim().toLowerCase().replace(/-/g, " ");
  const hit = VERDICTS.find((x) => x === s);
  if (!hit) throw new InputError("--verdict", v, "must be agrees, simplification, error or not-checkable");
  return hit;
}

export default defineCommand({
  meta: {
    name: "chapter",
    description:
      "Every quantitative claim of chapter 2, reproduced or corrected: the chapter's figure, Ridgeline's, and a verdict",
  },
  args,
  run({ args: a, rawArgs }) {
    // The positional as typed: citty drops "-1" (a short flag to it); it must be refused, not ignored.
    const section = checkFlags(rawArgs, args, 1)[0] ?? a.section;
    if (section !== undefined && selectClaims(section).length === 0) {
      throw new InputError(
        "section",
        section,
        `no such section; sections: ${SECTIONS.join(", ")}, or exercises`,
      );
    }
    const verdict = a.verdict === undefined ? undefined : parseVerdict(a.verdict);
    const claims = checkClaims(section).filter((c) => verdict === undefined || c.verdict === verdict);
    if (a.json) {
      process.stdout.write(
        `${JSON.stringify(
          { section: section ?? null, verdict: verdict ?? null, counts: countByVerdict(claims), claims },
          null,
          2,
        )}\n`,
      );
      return;
    }
    const what = [
      section === undefined ? "all sections" : `section ${section}`,
      verdict && `verdict ${verdict}`,
    ]
      .filter(Boolean)
      .join(", ");
    process.stdout.write(
      `${chapterText(claims, `Chapter 2 (性能分析与Roofline模型) checked by Ridgeline: ${what}`)}\n`,
    );
  },
});
