/**
 * startSimulator(options) => { arrays, close() } (docs/architecture.md). One server per array, one shared
 * world; the model (simulator/model) knows nothing of HTTP.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { Clock } from "./model/clock";
import { DEFAULTS, FULL_AUTH_LIST } from "./model/sim-choices";
import { createWorld } from "./model/seed";
import { World } from "./model/world";
import { ServerEnv } from "./http/context";
import { createArrayServer } from "./http/server";
import { StateSaver, loadWorld } from "./state-file";
import { generateTls } from "./tls";

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
}

export interface SimulatedArrayInfo {
  name: string;
  url: string;
  boxId: string;
  caCertFile: string | null;
  caCertPem: string | null;
}

export interface SimulatorHandle {
  arrays: SimulatedArrayInfo[];
  close(): Promise<void>;
  /** The live world, for tests and embedding. */
  readonly world: World;
}

function buildWorld(o: SimulatorOptions, names: string[], seed: boolean, clock?: Clock): World {
  return createWorld({
    arrays: names, seed, clock,
    users: [{ name: o.user ?? DEFAULTS.user, password: o.password ?? DEFAULTS.password, authList: [...FULL_AUTH_LIST] }],
  });
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startSimulator(o: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const log = o.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const host = o.host ?? DEFAULTS.host;
  const requested = o.arrays ?? [...DEFAULTS.arrays];
  if (requested.length === 0 || new Set(requested).size !== requested.length) throw new Error("array names must be unique and non-empty");
  let world = (o.stateFile && loadWorld(o.stateFile, { clock: o.clock })) || undefined;
  if (world) {
    log(`state: loaded ${o.stateFile}`);
    const loaded = [...world.arrays.keys()];
    if (o.arrays && loaded.join(",") !== requested.join(",")) log(`state: the file's arrays (${loaded.join(",")}) win over --arrays`);
    // The factory account of the options replaces the stored one of the same name.
    const user = o.user ?? DEFAULTS.user;
    world.users.set(user, { name: user, password: o.password ?? DEFAULTS.password, authList: [...FULL_AUTH_LIST] });
  } else {
    world = buildWorld(o, requested, o.seed ?? true, o.clock);
  }
  if (o.copyRateMbps !== undefined) world.settings.copyRateMbps = o.copyRateMbps;
  if (o.jobLatencyMs !== undefined) world.settings.jobLatencyMs = o.jobLatencyMs;
  if (o.tokenLifetimeSeconds !== undefined) world.settings.tokenLifetimeSeconds = o.tokenLifetimeSeconds;
  const names = [...world.arrays.keys()];

  let current = world;
  const saver = o.stateFile ? new StateSaver(o.stateFile, () => current, log) : undefined;
  const env: ServerEnv = {
    get world() { return current; },
    log,
    onChange: () => saver?.markDirty(),
    reset: (seed: boolean) => {
      // Keep logins, users and settings; rebuild arrays, volumes, sessions, jobs and paths.
      const fresh = createWorld({ arrays: names, seed, clock: current.clock, users: [...current.users.values()], settings: current.settings });
      for (const name of names) {
        fresh.array(name).authSessions = current.array(name).authSessions;
        fresh.array(name).nextAuthSessionId = current.array(name).nextAuthSessionId;
        fresh.array(name).nextJobId = current.array(name).nextJobId;
      }
      current = fresh;
    },
  };
  saver?.saveNow();

  const tls = o.http ? undefined : generateTls(host, o.tlsDir);
  const servers: http.Server[] = [];
  const arrays: SimulatedArrayInfo[] = [];
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  try {
    for (const [i, name] of names.entries()) {
      const server = createArrayServer(env, name, tls ? { key: tls.serverKeyPem, cert: tls.serverCertPem } : undefined);
      servers.push(server);
      const port = await listen(server, o.port ? o.port + i : 0, host);
      arrays.push({
        name, url: `${tls ? "https" : "http"}://${urlHost}:${port}`, boxId: current.array(name).boxId,
        caCertFile: tls?.caCertFile ?? null, caCertPem: tls?.caCertPem ?? null,
      });
    }
  } catch (e) {
    for (const s of servers) s.close();
    if (tls?.createdDir) fs.rmSync(tls.createdDir, { recursive: true, force: true });
    throw e;
  }
  for (const a of arrays) log(`array ${a.name} (${a.boxId}) at ${a.url}`);

  let closed = false;
  return {
    arrays,
    get world() { return current; },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      })));
      saver?.saveNow();
      // A CA folder we created ourselves is ours to remove; one named with --tls-dir belongs to the caller.
      if (tls?.createdDir) fs.rmSync(tls.createdDir, { recursive: true, force: true });
    },
  };
}

