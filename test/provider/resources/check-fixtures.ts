/** Shared inputs of the check() tests: a config with three arrays and valid declarations to vary. */
import { strict as assert } from "assert";
import { parseArraysConfig } from "../../../provider/config";

export const ARRAYS = JSON.stringify({
  tokyo: { endpoint: "https://10.0.0.1:5665", username: "u", password: "p" },
  osaka: { endpoint: "https://10.0.0.2:5665", username: "u", password: "p" },
  nocreds: { endpoint: "https://10.0.0.3:5665" },
});
export const cfg = parseArraysConfig(ARRAYS);
export const configReq = { config: { get: (k: string) => (k === "eternus:arrays" ? ARRAYS : undefined), require: (k: string) => (k === "eternus:arrays" ? ARRAYS : "") } };

export const vol = (o: Record<string, unknown> = {}) => ({ array: "osaka", name: "mirror01", capacityMb: 10240, tppId: 0, ...o });
export const ses = (o: Record<string, unknown> = {}) => ({ sourceArray: "tokyo", sourceVolumeId: 100000, destinationArray: "osaka", destinationVolumeId: 100001, ...o });

export function failsOn(failures: { property: string; reason: string }[], property: string, re: RegExp): void {
  const f = failures.find((x) => x.property === property && re.test(x.reason));
  assert.ok(f, `expected a failure on ${property} matching ${re}, got ${JSON.stringify(failures)}`);
  assert.ok(f.reason.includes(property.split(".").pop()!), `the reason names the field: ${f.reason}`);
}
