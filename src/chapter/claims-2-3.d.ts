import type { Claim } from "./types.js";
export declare const CLAIMS_2_3: readonly Claim[];
