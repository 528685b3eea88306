export declare const OUT_DIR: string;
export declare function isFresh(): boolean;
export declare function ensureBuilt(opts?: {
  force?: boolean;
  quiet?: boolean;
}): Promise<{ built: boolean; ms: number }>;
