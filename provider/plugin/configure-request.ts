/**
 * Configure: the engine sends the provider's config as `args` (values typed, secrets possibly wrapped) and
 * as `variables` (`eternus:config:<key>` -> string, secrets decrypted; objects as JSON text). The resource
 * code reads `eternus:<key>` strings (provider/config.ts configureProvider), so both become that view;
 * `args` wins where both hold a key. The ETERNUS_<NAME>_* environment rules stay in config.ts.
 */
import { PACKAGE_NAME } from "./kinds";
import { unwrapSecrets } from "./properties";
import type { ConfigSource } from "../config";
import type { Props } from "../resources/common/unknown";

export function configSource(variables: ReadonlyMap<string, string>, args: Props | undefined): ConfigSource {
  const values = new Map<string, string>();
  for (const [k, v] of variables) {
    const m = new RegExp(`^${PACKAGE_NAME}:(?:config:)?(.+)$`).exec(k);
    if (m) values.set(`${PACKAGE_NAME}:${m[1]}`, v);
  }
  for (const [k, v] of Object.entries((unwrapSecrets(args ?? {}) as Props))) {
    if (v === undefined || v === null || k.startsWith("__")) continue;
    values.set(`${PACKAGE_NAME}:${k}`, typeof v === "string" ? v : JSON.stringify(v));
  }
  return { config: { get: (key) => values.get(key) } };
}

/** The config as one comparable text (DiffConfig: an explicit provider whose config changed). */
export function configText(args: Props | undefined): string {
  const plain = unwrapSecrets(args ?? {}) as Props;
  return JSON.stringify(Object.keys(plain).filter((k) => !k.startsWith("__")).sort().map((k) => [k, plain[k]]));
}
