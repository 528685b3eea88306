/** Chapter 2's claims checked by Ridgeline (issue 3). */
export * from "./types.js";
export * from "./claims.js";
export { idealTransformer, layerOps, pick, sumFlops, sumBytes, intensityOf, attentionShare, chapterFigureOf, CHAPTER_EFFICIENCY, type IdealOptions, type LayerPassOptions, } from "./compute.js";
