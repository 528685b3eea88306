import { defineCommand } from "citty";
import { BUILTIN_DEVICES, findDevice } from "../../core/index.js";
import { InputError } from "../../core/index.js";
import { deviceText, devicesTable } from "../../core/index.js";
import { jsonArg } from "../args.js";
import { checkFlags } from "../check-flags.js";

const args = {
  action: { type: "positional", required: false, description: "list (default) or show" },
  id: { type: "positional", required: false, description: "device id for show" },
  ...jsonArg,
} as const;

export default defineCommand({
  meta: { name: "devices", description: "The device catalog: peaks per precision, bandwidth, ridge points, memory, sources" },
  args,
  run({ args: a, rawArgs }) {
    checkFlags(rawArgs, args, 2);
    const action = a.action ?? "list";
    if (action === "list") {
      process.stdout.write((a.json ? JSON.stringify(BUILTIN_DEVICES, null, 2) : devicesTable(BUILTIN_DEVICES)) + "\n");
      return;
    }
    if (action !== "show") throw new InputError("action", action, "must be list or show");
    if (!a.id) throw new InputError("id", undefined, "`devices show` needs a device id");
    const d = findDevice(a.id, "id");
    process.stdout.write((a.json ? JSON.stringify(d, null, 2) : deviceText(d)) + "\n");
  },
});
