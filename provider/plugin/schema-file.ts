/**
 * The schema the plugin serves (GetSchema): the file the build generated next to this module
 * (write-schema.ts), read once. The plugin process never loads the TypeScript compiler.
 */
import * as fs from "fs";
import * as path from "path";

export const SCHEMA_FILE = "schema.json";
let cached: string | undefined;

export function schemaText(): string {
  cached ??= fs.readFileSync(path.join(__dirname, SCHEMA_FILE), "utf8");
  return cached;
}
