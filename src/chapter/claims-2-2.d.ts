import type { Claim } from "./types.js";
export declare const CLAIMS_2_2: readonly Claim[];
