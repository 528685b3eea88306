/**
 * Hand-written interfaces that mirror zod schemas must not drift from them: the analysis
 * JSON (and its shipped JSON Schema) is built from these objects, so a field added to one
 * and not the other is caught here by the compiler (`tsc -p test`) and by vitest.
 */
import { describe, expectTypeOf, it } from "vitest";
import type * as z from "zod";
import type { AnalysisSchema, Efficiency, OpResult, OpResultSchema } from "../../src/core/index.js";

type Mutable<T> = T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;

describe("interfaces and the schemas that describe them", () => {
  it("Efficiency is the analysis schema's efficiency object", () => {
    type FromSchema = z.infer<typeof AnalysisSchema>["efficiency"];
    expectTypeOf<Mutable<Efficiency>>().toEqualTypeOf<FromSchema>();
  });

  it("OpResult carries every field of OpResultSchema with the same types (intensity: Infinity in memory, null in JSON)", () => {
    type FromSchema = z.infer<typeof OpResultSchema>;
    type Shared = Omit<FromSchema, "intensity">;
    expectTypeOf<Pick<Mutable<OpResult>, keyof Shared>>().toEqualTypeOf<Shared>();
    expectTypeOf<OpResult["intensity"]>().toEqualTypeOf<number>();
    expectTypeOf<keyof FromSchema>().toEqualTypeOf<keyof OpResult>();
  });
});
