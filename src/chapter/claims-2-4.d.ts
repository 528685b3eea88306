import type { Claim } from "./types.js";
export declare const CLAIMS_2_4: readonly Claim[];
