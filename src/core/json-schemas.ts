/** JSON Schemas generated from the zod schemas (the single source of truth), shipped in schema/. */
import * as z from "zod";
import { SystemSpec } from "./cluster/system.js";
import { UserCalibration } from "./efficiency/user-file.js";
import { DeviceSpec } from "./hardware/schema.js";
import { ModelSpec } from "./models/schema.js";
import { AnalysisSchema } from "./predict/analysis-types.js";

export function jsonSchemas(): Record<string, unknown> {
  return {
    "device.schema.json": {
      title: "Ridgeline device",
      ...z.toJSONSchema(DeviceSpec, { io: "input", unrepresentable: "any" }),
    },
    "model.schema.json": {
      title: "Ridgeline model",
      ...z.toJSONSchema(ModelSpec, { io: "input", unrepresentable: "any" }),
    },
    "system.schema.json": {
      title: "Ridgeline system",
      ...z.toJSONSchema(SystemSpec, { io: "input", unrepresentable: "any" }),
    },
    "calibration.schema.json": {
      title: "Ridgeline calibration of one device (ridgeline calibrate --out)",
      ...z.toJSONSchema(UserCalibration, { io: "input", unrepresentable: "any" }),
    },
    "analysis.schema.json": {
      title: "Ridgeline analysis",
      ...z.toJSONSchema(AnalysisSchema, { io: "output", unrepresentable: "any" }),
    },
  };
}
