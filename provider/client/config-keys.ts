/**
 * Names of the stack config keys and environment variables of one array, so every error that asks the user
 * to fix something names the exact key (provider/config.ts reads them; the client only names them).
 * Plain functions, no I/O: loaded by check() as well.
 */

export const ARRAYS_CONFIG_KEY = "eternus:arrays";
/** Opt-in: check() logs in to the arrays and runs the read-only pre-flight checks at preview. */
export const PREVIEW_CHECKS_CONFIG_KEY = "eternus:previewChecks";

export type ArrayField =
  | "endpoint" | "username" | "password" | "caCert" | "caCertFile" | "insecureSkipVerify" | "requestTimeoutSeconds" | "allowHttp"
  | "dialectFile";

export type EnvSuffix = "ENDPOINT" | "USERNAME" | "PASSWORD" | "CA_CERT_FILE" | "ALLOW_HTTP" | "DIALECT_FILE";

/** `eternus:arrays.<name>.<field>`, as `pulumi config set --path` takes it. */
export function arrayConfigKey(arrayName: string, field: ArrayField): string {
  return `${ARRAYS_CONFIG_KEY}.${arrayName}.${field}`;
}

/** ETERNUS_<NAME>_<SUFFIX>: NAME upper-cased, non-alphanumerics replaced by "_". */
export function envName(arrayName: string, suffix: EnvSuffix): string {
  return `ETERNUS_${arrayName.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_${suffix}`;
}

/** "eternus:arrays.<name>.<field> (or ETERNUS_<NAME>_<SUFFIX>)" for messages. */
export function keyAndEnv(arrayName: string, field: ArrayField, suffix: EnvSuffix): string {
  return `${arrayConfigKey(arrayName, field)} (or ${envName(arrayName, suffix)})`;
}
