#!/usr/bin/env node
/**
 * eternus-sim: the command line of the simulator (README "Command line"). Prints exactly one JSON line to
 * stdout when ready; logs go to stderr; SIGINT/SIGTERM save the state and exit 0.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { startSimulator } from "./index";

const USAGE = `usage: eternus-sim [--arrays a,b] [--host H] [--port N] [--http] [--tls-dir DIR]
  [--user U] [--password-file FILE] [--token-lifetime S] [--copy-rate MBPS] [--job-latency-ms N]
  [--state FILE] [--no-seed] [--dialect FILE | --dialect ARRAY=FILE ...]
  The factory account's password comes from --password-file or ETERNUS_SIM_PASSWORD (default "root").
  --dialect: the arrays speak the REST dialect of that dialect file (the probe's output), all or one array.`;

/** The environment variable that may hold the factory account's password. */
export const PASSWORD_ENV = "ETERNUS_SIM_PASSWORD";

/**
 * The factory password, never from argv (other users of a shared CI machine can read a process's
 * arguments): --password-file (first line), else ETERNUS_SIM_PASSWORD, else the default.
 */
function factoryPassword(argvPassword: string | undefined, file: string | undefined): string | undefined {
  if (argvPassword !== undefined) {
    throw new Error(`--password is not accepted (argv is visible to other processes): use --password-file FILE or ${PASSWORD_ENV}`);
  }
  if (file !== undefined) {
    const pw = fs.readFileSync(file, "utf8").split(/\r?\n/)[0] ?? "";
    if (!pw) throw new Error(`--password-file ${file}: the first line is empty`);
    return pw;
  }
  const env = process.env[PASSWORD_ENV];
  return env ? env : undefined;
}

function num(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number >= ${min}`);
  return n;
}

/** `--dialect FILE` (every array) or `--dialect ARRAY=FILE` (repeatable), not both. */
function dialectOption(values: string[] | undefined): string | Record<string, string> | undefined {
  if (!values?.length) return undefined;
  const named = values.map((v) => /^([^=/\\]+)=(.+)$/.exec(v));
  if (named.every((m) => m)) return Object.fromEntries(named.map((m) => [m![1]!, m![2]!]));
  if (values.length === 1 && !named[0]) return values[0];
  throw new Error("--dialect takes one FILE for every array, or ARRAY=FILE per array");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      arrays: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      http: { type: "boolean" },
      "tls-dir": { type: "string" },
      user: { type: "string" },
      password: { type: "string" },
      "password-file": { type: "string" },
      "token-lifetime": { type: "string" },
      "copy-rate": { type: "string" },
      "job-latency-ms": { type: "string" },
      state: { type: "string" },
      "no-seed": { type: "boolean" },
      dialect: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stderr.write(USAGE + "\n");
    return;
  }
  const sim = await startSimulator({
    arrays: values.arrays?.split(",").map((s) => s.trim()).filter(Boolean),
    host: values.host,
    port: num("port", values.port, 0),
    http: values.http ?? false,
    tlsDir: values["tls-dir"],
    user: values.user,
    password: factoryPassword(values.password, values["password-file"]),
    tokenLifetimeSeconds: num("token-lifetime", values["token-lifetime"], 1),
    copyRateMbps: num("copy-rate", values["copy-rate"], 0.001),
    jobLatencyMs: num("job-latency-ms", values["job-latency-ms"], 0),
    stateFile: values.state,
    seed: !values["no-seed"],
    dialect: dialectOption(values.dialect),
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: saving state and exiting\n`);
    sim.close().then(() => process.exit(0), () => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  // Announce readiness only once the signal handlers are in place: a caller may stop us right after.
  const line = { arrays: sim.arrays.map((a) => ({ name: a.name, url: a.url, boxId: a.boxId, caCertFile: a.caCertFile })) };
  process.stdout.write(JSON.stringify(line) + "\n");
}

main().catch((e: unknown) => {
  process.stderr.write(`eternus-sim: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
  process.exit(2);
});
