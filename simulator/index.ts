/**
 * startSimulator(options) => { arrays, close() } (docs/architecture.md). One server per array, one shared
 * world; the model (simulator/model) knows nothing of HTTP.
 */
import * as fs from "node:fs";
import { Clock } from "./model/clock";
import { dialectSettingFromFile } from "./model/dialect-choice";
import { newAccount } from "./model/passwords";
import { DEFAULTS } from "./model/sim-choices";
import { createWorld } from "./model/seed";
import { World } from "./model/world";
import { ServerEnv } from "./http/context";
import { ArrayEndpoints } from "./http/endpoints";
import type { ServerTimeouts } from "./http/server";
import { restoreArray, takeArrayDown } from "./model/site-outage";
import { OutageMode } from "./model/types";
import { StateSaver, loadWorld } from "./state-file";
import { TlsFiles, generateTls } from "./tls";

export interface SimulatorOptions {
  arrays?: string[];
  host?: string;
  port?: number;
  http?: boolean;
  tlsDir?: string;
  user?: string;
  password?: string;
  tokenLifetimeSeconds?: number;
  copyRateMbps?: number;
  jobLatencyMs?: number;
  stateFile?: string;
  seed?: boolean;
  log?: (line: string) => void;
  /** Tests only: the model's time source (default: wall clock). */
  clock?: Clock;
  /** Connection deadlines of the arrays' servers (default SERVER_TIMEOUTS in model/sim-choices.ts). */
  serverTimeouts?: Partial<ServerTimeouts>;
  /**
   * The REST dialect the arrays speak: a dialect file (the probe's format, provider/api/dialect-file.ts) for
   * every array, or per array name. Absent: DEFAULT_DIALECT. Overrides what a state file holds.
   */
  dialect?: string | Record<string, string>;
}

export interface SimulatedArrayInfo {
  name: string;
  url: string;
  boxId: string;
  caCertFile: string | null;
  caCertPem: string | null;
}

export interface SimulatorHandle {
  /** Live: an array rebuilt by restore(name, { empty: true }) shows its new box id here. */
  arrays: SimulatedArrayInfo[];
  close(): Promise<void>;
  /** Site outage: the array's port refuses (or black-holes) connections and its copy paths go down. */
  outage(name: string, mode?: OutageMode): Promise<void>;
  /** The array is back, as it was, or (`empty`) as a new empty array with a new box id. */
  restore(name: string, o?: { empty?: boolean }): Promise<SimulatedArrayInfo>;
  /** The live world, for tests and embedding. */
  readonly world: World;
}

/** The factory account of the options: every privilege and the administrator role. */
function factoryAccount(o: SimulatorOptions) {
  return newAccount(o.user ?? DEFAULTS.user, o.password ?? DEFAULTS.password, { simAdmin: true });
}

/** The world of the state file when there is one (its arrays win), else a new one; options applied on top. */
function openWorld(o: SimulatorOptions, log: (line: string) => void): World {
  const requested = o.arrays ?? [...DEFAULTS.arrays];
  if (requested.length === 0 || new Set(requested).size !== requested.length) throw new Error("array names must be unique and non-empty");
  const loaded = o.stateFile ? loadWorld(o.stateFile, { clock: o.clock }) : undefined;
  const world = loaded ?? createWorld({ arrays: requested, seed: o.seed ?? true, clock: o.clock, users: [factoryAccount(o)] });
  if (loaded) {
    log(`state: loaded ${o.stateFile}`);
    const names = [...loaded.arrays.keys()];
    if (o.arrays && names.join(",") !== requested.join(",")) log(`state: the file's arrays (${names.join(",")}) win over --arrays`);
    // The factory account of the options replaces the stored one of the same name.
    const account = factoryAccount(o);
    loaded.users.set(account.name, account);
  }
  if (o.copyRateMbps !== undefined) world.settings.copyRateMbps = o.copyRateMbps;
  if (o.jobLatencyMs !== undefined) world.settings.jobLatencyMs = o.jobLatencyMs;
  if (o.tokenLifetimeSeconds !== undefined) world.settings.tokenLifetimeSeconds = o.tokenLifetimeSeconds;
  applyDialects(world, o.dialect);
  return world;
}

/** Option `dialect`: the file for every array, or per name (an unknown name is an error, not ignored). */
function applyDialects(world: World, files: SimulatorOptions["dialect"]): void {
  if (files === undefined) return;
  const byName = typeof files === "string" ? Object.fromEntries([...world.arrays.keys()].map((n) => [n, files])) : files;
  for (const [name, file] of Object.entries(byName)) {
    if (!world.arrays.has(name)) throw new Error(`dialect: no array named "${name}" (arrays: ${[...world.arrays.keys()].join(", ")})`);
    world.array(name).dialect = dialectSettingFromFile(fs.readFileSync(file, "utf8"));
  }
}

/** Back to the start state; logins, users and settings are kept so callers' tokens stay valid. */
function resetWorld(current: World, names: string[], seed: boolean): World {
  const fresh = createWorld({ arrays: names, seed, clock: current.clock, users: [...current.users.values()], settings: current.settings });
  for (const name of names) {
    fresh.array(name).authSessions = current.array(name).authSessions;
    fresh.array(name).nextAuthSessionId = current.array(name).nextAuthSessionId;
    fresh.array(name).nextJobId = current.array(name).nextJobId;
  }
  return fresh;
}

export async function startSimulator(o: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const log = o.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const host = o.host ?? DEFAULTS.host;
  let current = openWorld(o, log);
  const names = [...current.arrays.keys()];
  const saver = o.stateFile ? new StateSaver(o.stateFile, () => current, log) : undefined;
  saver?.flush();
  const tls = o.http ? undefined : generateTls(host, o.tlsDir);
  const endpoints = new ArrayEndpoints(host, tls ? { key: tls.serverKeyPem, cert: tls.serverCertPem } : undefined, o.serverTimeouts);
  const arrays: SimulatedArrayInfo[] = [];
  const sync = async () => {
    await endpoints.sync(current);
    // An array rebuilt after a site loss has a new box id.
    for (const a of arrays) a.boxId = current.array(a.name).boxId;
  };
  const env: ServerEnv = {
    get world() { return current; },
    log,
    onChange: () => saver?.markDirty(),
    reset: (seed: boolean) => { current = resetWorld(current, names, seed); applyDialects(current, o.dialect); },
    syncEndpoints: sync,
    holdRequest: (name, req) => endpoints.hold(name, req),
  };
  const ports = await endpoints.listenAll(env, names, o.port).catch((e) => {
    if (tls?.createdDir) fs.rmSync(tls.createdDir, { recursive: true, force: true });
    throw e;
  });
  for (const name of names) arrays.push(arrayInfo(current, name, urlFor(host, ports.get(name)!, !!tls), tls));
  await sync(); // a state file may hold an outage
  for (const a of arrays) log(`array ${a.name} (${a.boxId}) at ${a.url}`);
  let closed = false;
  const changed = async () => { saver?.markDirty(); await sync(); };
  return {
    arrays,
    get world() { return current; },
    async outage(name, mode = "refuse") { takeArrayDown(current, name, mode); await changed(); },
    async restore(name, r = {}) { restoreArray(current, name, r); await changed(); return arrays.find((a) => a.name === name)!; },
    async close() {
      if (closed) return;
      closed = true;
      await endpoints.closeAll();
      saver?.flush();
      // A CA folder we created ourselves is ours to remove; one named with --tls-dir belongs to the caller.
      if (tls?.createdDir) fs.rmSync(tls.createdDir, { recursive: true, force: true });
    },
  };
}

function urlFor(host: string, port: number, https: boolean): string {
  const h = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return `${https ? "https" : "http"}://${h}:${port}`;
}

function arrayInfo(world: World, name: string, url: string, tls: TlsFiles | undefined): SimulatedArrayInfo {
  return { name, url, boxId: world.array(name).boxId, caCertFile: tls?.caCertFile ?? null, caCertPem: tls?.caCertPem ?? null };
}
