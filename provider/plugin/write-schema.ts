/**
 * Build step: `node dist/provider/plugin/write-schema.js` writes the plugin schema next to the compiled
 * plugin (what GetSchema serves) and, with --update, the committed copy provider/plugin/schema.json.
 */
import * as fs from "fs";
import * as path from "path";
import { PROVIDER_VERSION } from "../version";
import { SCHEMA_FILE } from "./schema-file";
import { schemaJson } from "./schema";

/** dist/provider/plugin -> the repository (or package) root. */
export const SOURCE_ROOT = path.resolve(__dirname, "../../..");
export const COMMITTED_SCHEMA = path.join(SOURCE_ROOT, "provider/plugin", SCHEMA_FILE);

if (require.main === module) {
  const text = schemaJson(SOURCE_ROOT, PROVIDER_VERSION);
  fs.writeFileSync(path.join(__dirname, SCHEMA_FILE), text);
  if (process.argv.includes("--update")) fs.writeFileSync(COMMITTED_SCHEMA, text);
}
