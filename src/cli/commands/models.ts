import { defineCommand } from "citty";
import {
  BUILTIN_MODELS,
  countParams,
  findModel,
  InputError,
  modelsTable,
  modelText,
} from "../../core/index.js";
import { jsonArg } from "../args.js";
import { checkFlags } from "../check-flags.js";

const args = {
  action: { type: "positional", required: false, description: "list (default) or show" },
  id: { type: "positional", required: false, description: "model id for show" },
  ...jsonArg,
} as const;

export default defineCommand({
  meta: { name: "models", description: "The model presets: real configurations and parameter counts" },
  args,
  run({ args: a, rawArgs }) {
    const typed = checkFlags(rawArgs, args, 2);
    if (typed.length > 0 && a.action === undefined)
      throw new InputError("action", typed[0], "must be list or show");
    const action = a.action ?? "list";
    if (action === "list") {
      const json = () =>
        JSON.stringify(
          BUILTIN_MODELS.map((m) => ({ ...m, params: countParams(m) })),
          null,
          2,
        );
      process.stdout.write(`${a.json ? json() : modelsTable(BUILTIN_MODELS)}\n`);
      return;
    }
    if (action !== "show") throw new InputError("action", action, "must be list or show");
    if (!a.id) throw new InputError("id", undefined, "`models show` needs a model id");
    const m = findModel(a.id, "id");
    process.stdout.write(
      `${a.json ? JSON.stringify({ ...m, params: countParams(m) }, null, 2) : modelText(m)}\n`,
    );
  },
});
