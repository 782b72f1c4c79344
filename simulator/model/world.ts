/**
 * The world: every simulated array, the REC sessions between them and the copy paths, sharing one clock.
 * Arrays are like moto's per-region backends: dicts keyed by id. State that depends on time (job status,
 * copy progress, token expiry) is derived when read, so the world needs no timers.
 * A World starts empty; seed.ts (createWorld) adds the seeded pools and volume. Model modules import this
 * one, never the other way round.
 */
import { createHash } from "node:crypto";
import { DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS, DEFAULT_TOKEN_LIFETIME_SECONDS } from "../../provider/api/dialect";
import { Clock, systemClock } from "./clock";
import { defaultFactoryAccount } from "./passwords";
import { DEFAULTS, FIRST_JOB_ID } from "./sim-choices";
import { ArrayState, PathLimits, RecSession, Replication, Settings, UserAccount } from "./types";

export interface WorldOptions {
  arrays?: string[];
  clock?: Clock;
  random?: () => number;
  settings?: Partial<Settings>;
  users?: UserAccount[];
}

export class World {
  readonly clock: Clock;
  readonly random: () => number;
  settings: Settings;
  users: Map<string, UserAccount>;
  arrays = new Map<string, ArrayState>();
  sessions = new Map<number, RecSession>();
  nextSessionKey = 1;
  /** Copy paths that are down, as pathKey(a, b). All others are up (unless an array is down). */
  pathsDown = new Set<string>();
  /** Round-trip time of a copy path in ms, as pathKey(a, b); absent = 0 (host-io.ts, link-bounds.ts). */
  pathRttMs = new Map<string, number>();
  /** Bandwidth limits per copy path, as pathKey(a, b) (copy-link.ts); absent = full copy rate per session. */
  pathLimits = new Map<string, PathLimits>();
  /** REC session key -> content in flight and changed blocks (replication.ts). */
  replication = new Map<number, Replication>();

  constructor(o: WorldOptions = {}) {
    this.clock = o.clock ?? systemClock;
    this.random = o.random ?? Math.random;
    this.settings = {
      copyRateMbps: DEFAULTS.copyRateMbps,
      jobLatencyMs: DEFAULTS.jobLatencyMs,
      tokenLifetimeSeconds: DEFAULT_TOKEN_LIFETIME_SECONDS,
      refreshTokenLifetimeSeconds: DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS,
      ...o.settings,
    };
    const users = o.users ?? [defaultFactoryAccount()];
    this.users = new Map(users.map((u) => [u.name, u]));
    for (const name of o.arrays ?? DEFAULTS.arrays) this.arrays.set(name, newArray(name));
  }

  now(): number {
    return this.clock.now();
  }

  array(name: string): ArrayState {
    const a = this.arrays.get(name);
    if (!a) throw new Error(`no array named ${name}`);
    return a;
  }

  arrayByBoxId(boxId: string): ArrayState | undefined {
    const want = boxId.toUpperCase();
    for (const a of this.arrays.values()) if (a.boxId.toUpperCase() === want) return a;
    return undefined;
  }

  /** Array by name or box id (admin API "peer"). */
  arrayByNameOrBoxId(ref: string): ArrayState | undefined {
    return this.arrays.get(ref) ?? this.arrayByBoxId(ref);
  }

  /** False while the array has a site outage. */
  isUp(name: string): boolean {
    return this.arrays.get(name)?.outage === undefined;
  }

  /** A copy path works when it is not down itself and neither end has an outage. */
  isPathUp(a: string, b: string): boolean {
    if (a === b) return true;
    return !this.pathsDown.has(pathKey(a, b)) && this.isUp(a) && this.isUp(b);
  }

  rttMs(a: string, b: string): number {
    return a === b ? 0 : this.pathRttMs.get(pathKey(a, b)) ?? 0;
  }

  /** The session behind copysession_id `id` on array `arrayName`. */
  sessionByView(arrayName: string, id: number): RecSession | undefined {
    const key = this.array(arrayName).copySessions.get(id);
    return key === undefined ? undefined : this.sessions.get(key);
  }

  /** Remove an REC session with every view of it (both arrays). */
  dropSession(s: RecSession): void {
    for (const name of Object.keys(s.views)) this.dropView(s, name);
  }

  /** Remove one array's view; the record goes with its last view. */
  dropView(s: RecSession, arrayName: string): void {
    const id = s.views[arrayName];
    if (id !== undefined) this.arrays.get(arrayName)?.copySessions.delete(id);
    delete s.views[arrayName];
    if (Object.keys(s.views).length === 0) {
      this.sessions.delete(s.key);
      this.replication.delete(s.key);
    }
  }

  /** The volume record of a session's side, if that array still is the one the session was made with. */
  sessionVolume(s: RecSession, arrayName: string, volumeId: number) {
    const a = this.arrays.get(arrayName);
    if (!a || (s.boxIds?.[arrayName] !== undefined && s.boxIds[arrayName] !== a.boxId)) return undefined;
    return a.volumes.get(volumeId);
  }

  /** Box id of a session's side as the session knows it (kept after that array was replaced). */
  sessionBoxId(s: RecSession, arrayName: string): string {
    return s.boxIds?.[arrayName] ?? this.arrays.get(arrayName)?.boxId ?? "";
  }

  /** Sessions that involve volume `volumeId` of array `arrayName`, in either role. */
  sessionsOfVolume(arrayName: string, volumeId: number): RecSession[] {
    const out: RecSession[] = [];
    for (const s of this.sessions.values()) {
      if (!(arrayName in s.views)) continue; // a leftover of a forced delete lives on the other array only
      if ((s.srcArray === arrayName && s.srcVolumeId === volumeId) || (s.dstArray === arrayName && s.dstVolumeId === volumeId)) {
        out.push(s);
      }
    }
    return out;
  }
}

export function pathKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/**
 * 40-character box id in the manual's shape ("00ETERNUSDXHS3ET00000A####EI000001######"), stable per name and
 * incarnation (an array replaced after a site loss is a new machine with a new box id).
 */
export function boxIdFor(name: string, incarnation = 0): string {
  const h = createHash("sha256").update(incarnation === 0 ? name : `${name}#${incarnation}`).digest();
  const model = h.subarray(0, 3).toString("hex").toUpperCase();
  const serial = String(h.readUInt32BE(3) % 1000000).padStart(6, "0");
  const id = `00ETERNUSDXHS3ET${model}####EI${serial}######`;
  if (id.length !== 40) throw new Error("box id must have 40 characters");
  return id;
}

export function newArray(name: string, incarnation = 0): ArrayState {
  return {
    name,
    boxId: boxIdFor(name, incarnation),
    incarnation,
    remoteCopyAvailable: true,
    tpps: [],
    raidGroups: [],
    volumes: new Map(),
    content: new Map(),
    copySessions: new Map(),
    jobs: new Map(),
    nextJobId: FIRST_JOB_ID,
    authSessions: new Map(),
    nextAuthSessionId: 1,
    faults: [],
  };
}

/** Lowest integer >= start not in `used`: arrays reuse freed numbers and session ids. */
export function lowestFree(used: { has(n: number): boolean }, start: number): number {
  let n = start;
  while (used.has(n)) n++;
  return n;
}
