/**
 * REST logins, the manual's /session resource [M:session-post, M:session-get, M:session-delete, M:login]:
 * password grant with an optional refresh token, refresh_token grant, logout. Tokens live tokenLifetimeSeconds (not extended by
 * use), refresh tokens 10 h. At most SIMULATOR_MAX_REST_SESSIONS live sessions per array, then 503
 * (docs/unverified-points.md#row-20-rest-sessions). Tokens and passwords are never logged.
 */
import { randomBytes } from "node:crypto";
import { SIMULATOR_MAX_REST_SESSIONS } from "../../provider/api/dialect";
import { Busy, Forbidden, NotFound, Unauthorized } from "./errors";
import { ADMIN_REFUSAL, PRIVILEGE_REFUSAL, Privilege } from "./sim-choices";
import { verifyPassword } from "./passwords";
import { ArrayState, AuthSession } from "./types";
import { World } from "./world";

function newToken(): string {
  return randomBytes(24).toString("base64url");
}

function alive(s: AuthSession, now: number): boolean {
  return s.tokenExpiresAt > now || (s.refreshExpiresAt !== undefined && s.refreshExpiresAt > now);
}

function purge(array: ArrayState, now: number): void {
  for (const [id, s] of array.authSessions) if (!alive(s, now)) array.authSessions.delete(id);
}

export interface LoginResult {
  session_id: number;
  token: string;
  lifetime: number;
  refresh_token?: string;
}

function issue(world: World, s: AuthSession): LoginResult {
  const now = world.now();
  s.token = newToken();
  s.tokenExpiresAt = now + world.settings.tokenLifetimeSeconds * 1000;
  const out: LoginResult = { session_id: s.id, token: s.token, lifetime: world.settings.tokenLifetimeSeconds };
  if (s.refreshToken) out.refresh_token = s.refreshToken;
  return out;
}

/** Password grant. The password is checked off the event loop (passwords.ts), then the session opens at once. */
export async function loginWithPassword(world: World, array: ArrayState, user: string, password: string, wantRefresh: boolean): Promise<LoginResult> {
  const account = world.users.get(user);
  if (!account || !(await verifyPassword(account.passwordHash, password))) throw new Unauthorized("Authentication failed", "user_name");
  const now = world.now();
  purge(array, now);
  if (array.authSessions.size >= SIMULATOR_MAX_REST_SESSIONS) throw new Busy("Too many sessions", "session");
  const s: AuthSession = { id: array.nextAuthSessionId++, user, token: "", tokenExpiresAt: 0 };
  if (wantRefresh) {
    s.refreshToken = newToken();
    s.refreshExpiresAt = now + world.settings.refreshTokenLifetimeSeconds * 1000;
  }
  array.authSessions.set(s.id, s);
  return issue(world, s);
}

/** refresh_token grant: a new token for the same session; the old token stops working. */
export function loginWithRefreshToken(world: World, array: ArrayState, refreshToken: string): LoginResult {
  const now = world.now();
  for (const s of array.authSessions.values()) {
    if (s.refreshToken === refreshToken && (s.refreshExpiresAt ?? 0) > now) return issue(world, s);
  }
  throw new Unauthorized("Authentication failed", "refresh_token");
}

/** Bearer token -> session; missing, unknown or expired -> 401 [M:login]. */
export function authenticate(world: World, array: ArrayState, token: string | undefined): AuthSession {
  if (!token) throw new Unauthorized("Authentication failed", "Authorization");
  const now = world.now();
  for (const s of array.authSessions.values()) {
    if (s.token === token) {
      if (s.tokenExpiresAt <= now) break;
      return s;
    }
  }
  throw new Unauthorized("Authentication failed", "Authorization");
}

/**
 * 403 unless the session's account holds `need`: a privilege of its auth_list [M:error], or "admin", the
 * simulator's administrator role. Read at every request, so a changed account takes effect at once.
 */
export function authorize(world: World, s: AuthSession, need: Privilege | "admin"): void {
  const account = world.users.get(s.user);
  if (need === "admin") {
    if (!account?.simAdmin) throw new Forbidden(ADMIN_REFUSAL, "role");
    return;
  }
  if (!account?.authList.includes(need)) throw new Forbidden(PRIVILEGE_REFUSAL, need);
}

/** GET/DELETE /session/{id}: own session only; another id answers 404. */
export function ownLogin(caller: AuthSession, id: number): AuthSession {
  if (caller.id !== id) throw new NotFound("The specified session does not exist", "session_id");
  return caller;
}

export function logout(array: ArrayState, s: AuthSession): void {
  array.authSessions.delete(s.id);
}

/** Admin: every token and refresh token of the array expires now. */
export function expireAllTokens(world: World, array: ArrayState): void {
  const past = world.now() - 1;
  for (const s of array.authSessions.values()) {
    s.tokenExpiresAt = past;
    if (s.refreshExpiresAt !== undefined) s.refreshExpiresAt = past;
  }
}
