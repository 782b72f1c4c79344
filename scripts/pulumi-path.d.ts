// Types of scripts/pulumi-path.js (the one Pulumi CLI lookup), for the TypeScript helpers that require it.
export type PulumiLookup =
  | { dir: string; source: "PULUMI_CLI_DIR" | "PATH" | "tools"; reason?: undefined }
  | { dir: null; reason: string; source?: undefined };
export function findPulumi(env?: NodeJS.ProcessEnv): PulumiLookup;
export function pulumiBinDir(env?: NodeJS.ProcessEnv): string | null;
export function pulumiEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export const REPO_ROOT: string;
export const TOOLS_BIN: string;
export const EXECUTABLES: readonly string[];
