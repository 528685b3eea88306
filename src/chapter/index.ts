/** Chapter 2's claims checked by Ridgeline (issue 3). */

export { chapterText, errataMarkdown } from "./chapter-text.js";
export * from "./claims.js";
export {
  attentionShare,
  CHAPTER_EFFICIENCY,
  chapterFigureOf,
  type IdealOptions,
  idealTransformer,
  intensityOf,
  type LayerPassOptions,
  layerOps,
  pick,
  sumBytes,
  sumFlops,
} from "./compute.js";
export * from "./types.js";
