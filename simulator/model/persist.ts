/**
 * The world as plain JSON and back: the state file and GET /sim/v1/world use it. Logins (tokens) are left
 * out: a restart logs everyone out, like an array reboot. Passwords are only ever scrypt hashes.
 */
import { ArrayState, PathLimits, RecSession, Replication, Settings, UserAccount } from "./types";
import { hashPassword } from "./passwords";
import { World, WorldOptions } from "./world";

export const SNAPSHOT_VERSION = 1;

type ArrayJson = Omit<ArrayState, "volumes" | "copySessions" | "jobs" | "authSessions" | "content"> & {
  volumes: ArrayState["volumes"] extends Map<number, infer V> ? V[] : never;
  copySessions: Array<[number, number]>;
  jobs: ArrayState["jobs"] extends Map<number, infer J> ? J[] : never;
  /** Written by files before logins stopped being saved; ignored on load. */
  authSessions?: unknown[];
  /** Absent in files written before volume content was modelled. */
  content?: Array<[number, Array<[number, string]>]>;
};

interface ReplicationJson {
  key: number;
  queue: Array<{ atMb: number; blocks: Array<[number, string | null]>; whole: boolean; bulk: boolean }>;
  changedAtSource: number[];
  changedAtDestination: number[];
  incomplete: boolean;
}

export interface WorldJson {
  version: number;
  savedAt: string;
  settings: Settings;
  /** Files written before passwords were hashed hold `password`; it is hashed on load. */
  users: Array<UserAccount | (Omit<UserAccount, "passwordHash"> & { password: string })>;
  arrays: ArrayJson[];
  sessions: RecSession[];
  nextSessionKey: number;
  pathsDown: string[];
  replication?: ReplicationJson[];
  pathRttMs?: Array<[string, number]>;
  pathLimits?: Array<[string, PathLimits]>;
}

function replicationToJson(key: number, r: Replication): ReplicationJson {
  return {
    key,
    queue: r.queue.map((t) => ({ ...t, blocks: [...t.blocks].map(([b, w]): [number, string | null] => [b, w ?? null]) })),
    changedAtSource: [...r.changedAtSource],
    changedAtDestination: [...r.changedAtDestination],
    incomplete: r.incomplete,
  };
}

function replicationFromJson(j: ReplicationJson): Replication {
  return {
    queue: j.queue.map((t) => ({ ...t, blocks: new Map(t.blocks.map(([b, w]) => [b, w ?? undefined])) })),
    changedAtSource: new Set(j.changedAtSource),
    changedAtDestination: new Set(j.changedAtDestination),
    incomplete: j.incomplete,
  };
}

function accountFromJson(u: WorldJson["users"][number]): UserAccount {
  if ("passwordHash" in u) return u;
  const { password, ...rest } = u;
  return { ...rest, passwordHash: hashPassword(password) };
}

export function worldToJson(w: World): WorldJson {
  return {
    version: SNAPSHOT_VERSION,
    savedAt: new Date(w.now()).toISOString(),
    settings: { ...w.settings },
    users: [...w.users.values()],
    arrays: [...w.arrays.values()].map(({ authSessions: _logins, ...a }) => ({
      ...a,
      volumes: [...a.volumes.values()],
      copySessions: [...a.copySessions.entries()],
      jobs: [...a.jobs.values()],
      content: [...a.content].map(([id, blocks]) => [id, [...blocks]]),
    })),
    sessions: [...w.sessions.values()],
    nextSessionKey: w.nextSessionKey,
    pathsDown: [...w.pathsDown],
    replication: [...w.replication].map(([key, r]) => replicationToJson(key, r)),
    pathRttMs: [...w.pathRttMs],
    pathLimits: [...w.pathLimits],
  };
}

export function worldFromJson(j: WorldJson, o: Pick<WorldOptions, "clock" | "random"> = {}): World {
  if (j.version !== SNAPSHOT_VERSION) throw new Error(`unsupported state file version ${String(j.version)}`);
  const w = new World({ ...o, arrays: [], settings: j.settings, users: j.users.map(accountFromJson) });
  for (const { authSessions: _logins, ...a } of j.arrays) {
    const arr: ArrayState = {
      ...a,
      volumes: new Map(a.volumes.map((v) => [v.id, v])),
      copySessions: new Map(a.copySessions),
      jobs: new Map(a.jobs.map((x) => [x.id, x])),
      authSessions: new Map(),
      content: new Map((a.content ?? []).map(([id, blocks]) => [id, new Map(blocks)])),
    };
    w.arrays.set(arr.name, arr);
  }
  for (const s of j.sessions) w.sessions.set(s.key, s);
  w.nextSessionKey = j.nextSessionKey;
  w.pathsDown = new Set(j.pathsDown);
  for (const r of j.replication ?? []) w.replication.set(r.key, replicationFromJson(r));
  w.pathRttMs = new Map(j.pathRttMs ?? []);
  w.pathLimits = new Map(j.pathLimits ?? []);
  return w;
}
