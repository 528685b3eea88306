import type { Claim } from "./types.js";
export declare const CLAIMS_2_1: readonly Claim[];
