/** "Add a second GPU or quantize further?": the choice keeps the most bits that fit, with every option's figures. */
import { describe, expect, it } from "vitest";
import {
  analyze,
  findDevice,
  findLink,
  findModel,
  fitSplit,
  resolveWorkload,
  weighSecondUnit,
} from "../../src/core/index.js";

const pcie4 = findLink("pcie4x16");
const wl = (weights: string) => resolveWorkload({ promptTokens: 512, contextTokens: 512, weights });

describe("weighSecondUnit", () => {
  it("70B q8_0 on one RTX 3090: a second card holds q4_k_m where one card needs q2_k", () => {
    const model = findModel("llama-3-70b");
    const device = findDevice("nvidia-rtx-3090");
    const w = weighSecondUnit({ model, device, link: pcie4, workload: wl("q8_0") });
    expect(w.current.fits).toBe(false);
    expect(w.quantize.map((o) => o.weights)).toEqual(["q4_k_m", "int4", "q2_k"]);
    expect(w.quantize.find((o) => o.fits)?.weights).toBe("q2_k");
    expect(w.secondUnit.weights).toBe("q4_k_m");
    expect(w.choice).toBe(w.secondUnit);
    // Its speed is fitSplit's best for q4_k_m on two cards.
    const best = fitSplit({ model, units: [device, device], link: pcie4, workload: wl("q4_k_m") })[0]!;
    expect(w.secondUnit.tokensPerS).toBe(best.tokensPerS);
    expect(w.why).toMatch(/holds q4_k_m where one unit needs q2_k/);
  });

  it("a model that fits as it is stays as it is, the second unit's speed given beside it", () => {
    const model = findModel("llama-3-8b");
    const device = findDevice("nvidia-rtx-4090");
    const w = weighSecondUnit({ model, device, link: pcie4, workload: wl("q8_0") });
    expect(w.choice).toBe(w.current);
    expect(w.current.tokensPerS).toBe(
      analyze({ model, device, workload: wl("q8_0") }).decode!.tokensPerSEstimate,
    );
    expect(w.secondUnit.weights).toBe("q8_0");
  });

  it("over models and cards: the choice keeps the most bits that fit, a tie going to one card", () => {
    for (const m of ["llama-3-8b", "llama-3-70b", "qwen3-30b-a3b"])
      for (const d of ["nvidia-rtx-4060-ti-8gb", "nvidia-rtx-3090", "nvidia-jetson-orin-nano-8gb"]) {
        const w = weighSecondUnit({
          model: findModel(m),
          device: findDevice(d),
          link: pcie4,
          workload: wl("fp16"),
        });
        if (w.current.fits !== false) {
          expect(w.choice).toBe(w.current);
          continue;
        }
        const one = w.quantize.find((o) => o.fits !== false);
        const two = w.secondUnit.fits !== false ? w.secondUnit : undefined;
        const most = Math.max(one?.weightsBytes ?? 0, two?.weightsBytes ?? 0);
        if (most === 0) expect(w.choice).toBeNull();
        else {
          expect(w.choice!.weightsBytes, `${m} on ${d}`).toBe(most);
          if (one && two && one.weightsBytes === two.weightsBytes) expect(w.choice!.kind).toBe("quantize");
        }
      }
  });
});
