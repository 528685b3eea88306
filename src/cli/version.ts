/** The package version, read once from package.json (two levels up from src/cli and from dist/cli alike). */
import { createRequire } from "node:module";

const pkg = createRequire(import.meta.url)("../../package.json") as { version: string };

export const VERSION: string = pkg.version;
