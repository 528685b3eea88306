export declare const DEFAULT_DIR: string;
export declare function serveStatic(opts?: {
  dir?: string;
  port?: number;
  host?: string;
}): Promise<{ url: string; port: number; close: () => Promise<void> }>;
