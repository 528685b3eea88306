import { defineCommand } from "citty";
import {
  BUILTIN_DEVICES,
  DEVICES_TABLE_LEGEND,
  devicesTable,
  deviceText,
  findDevice,
  InputError,
  parseDeviceQuery,
  searchDevices,
} from "../../core/index.js";
import { jsonArg } from "../args.js";
import { checkFlags } from "../check-flags.js";

const args = {
  action: {
    type: "positional",
    required: false,
    description: "list (default), show, or words to search for (id, name, family, aliases)",
  },
  id: { type: "positional", required: false, description: "device id for show" },
  vendor: {
    type: "string",
    description: "only this vendor (Apple, NVIDIA, AMD, Intel, Qualcomm, ...)",
    valueHint: "name",
  },
  unit: { type: "string", description: "only this compute unit: cpu, gpu, npu, dsp", valueHint: "unit" },
  class: {
    type: "string",
    description: "only this device class (apple-gpu, nvidia-gpu, cpu, npu, ...)",
    valueHint: "class",
  },
  query: {
    type: "string",
    description: "free-text search over id, name, family and aliases (case-insensitive)",
    valueHint: "text",
  },
  ...jsonArg,
} as const;

/** Query words may follow `devices` or `devices list`; at most this many. */
const MAX_WORDS = 16;

export default defineCommand({
  meta: {
    name: "devices",
    description:
      "The device catalog: peaks per precision, bandwidth, ridge points, memory, sources; filter with --vendor/--unit/--class and search with words",
  },
  args,
  run({ args: a, rawArgs }) {
    // The positionals as typed (citty drops a word such as "-1"), so a search for it finds nothing rather than everything.
    const positionals = checkFlags(rawArgs, args, MAX_WORDS + 1);
    const [first, ...rest] = positionals;
    if (first === "show") {
      if (rest.length > 1) throw new InputError("arguments", rest[1], "unexpected extra argument");
      if (!rest[0]) throw new InputError("id", undefined, "`devices show` needs a device id");
      const d = findDevice(rest[0], "id");
      process.stdout.write(`${a.json ? JSON.stringify(d, null, 2) : deviceText(d)}\n`);
      return;
    }
    const words = first === "list" || first === undefined ? rest : positionals;
    const text = [a.query, ...words]
      .filter((x): x is string => typeof x === "string" && x.length > 0)
      .join(" ");
    const q = parseDeviceQuery(BUILTIN_DEVICES, {
      vendor: a.vendor,
      unit: a.unit,
      class: a.class,
      text: text || undefined,
    });
    const hits = searchDevices(BUILTIN_DEVICES, q);
    if (a.json) {
      process.stdout.write(`${JSON.stringify(hits, null, 2)}\n`);
      return;
    }
    if (hits.length === 0) {
      process.stdout.write("No device matches.\n");
      return;
    }
    process.stdout.write(`${devicesTable(hits)}\n\n${DEVICES_TABLE_LEGEND}\n`);
  },
});
