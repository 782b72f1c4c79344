/** The world as plain JSON and back: the state file and GET /sim/v1/world use it. */
import { ArrayState, RecSession, Settings, UserAccount } from "./types";
import { World, WorldOptions } from "./world";

export const SNAPSHOT_VERSION = 1;

type ArrayJson = Omit<ArrayState, "volumes" | "copySessions" | "jobs" | "authSessions"> & {
  volumes: ArrayState["volumes"] extends Map<number, infer V> ? V[] : never;
  copySessions: Array<[number, number]>;
  jobs: ArrayState["jobs"] extends Map<number, infer J> ? J[] : never;
  authSessions: ArrayState["authSessions"] extends Map<number, infer S> ? S[] : never;
};

export interface WorldJson {
  version: number;
  savedAt: string;
  settings: Settings;
  users: UserAccount[];
  arrays: ArrayJson[];
  sessions: RecSession[];
  nextSessionKey: number;
  pathsDown: string[];
}

export function worldToJson(w: World): WorldJson {
  return {
    version: SNAPSHOT_VERSION,
    savedAt: new Date(w.now()).toISOString(),
    settings: { ...w.settings },
    users: [...w.users.values()],
    arrays: [...w.arrays.values()].map((a) => ({
      ...a,
      volumes: [...a.volumes.values()],
      copySessions: [...a.copySessions.entries()],
      jobs: [...a.jobs.values()],
      authSessions: [...a.authSessions.values()],
    })),
    sessions: [...w.sessions.values()],
    nextSessionKey: w.nextSessionKey,
    pathsDown: [...w.pathsDown],
  };
}

export function worldFromJson(j: WorldJson, o: Pick<WorldOptions, "clock" | "random"> = {}): World {
  if (j.version !== SNAPSHOT_VERSION) throw new Error(`unsupported state file version ${String(j.version)}`);
  const w = new World({ ...o, arrays: [], settings: j.settings, users: j.users });
  for (const a of j.arrays) {
    const arr: ArrayState = {
      ...a,
      volumes: new Map(a.volumes.map((v) => [v.id, v])),
      copySessions: new Map(a.copySessions),
      jobs: new Map(a.jobs.map((x) => [x.id, x])),
      authSessions: new Map(a.authSessions.map((x) => [x.id, x])),
    };
    w.arrays.set(arr.name, arr);
  }
  for (const s of j.sessions) w.sessions.set(s.key, s);
  w.nextSessionKey = j.nextSessionKey;
  w.pathsDown = new Set(j.pathsDown);
  return w;
}
