/**
 * Login once per client, refresh before expiry, one re-login on 401, logout (docs/unverified-points.md#row-20-rest-sessions).
 *
 * - Login: password grant asking for a refresh token [M:session-post].
 * - Refresh: when less than REFRESH_WHEN_REMAINING_SECONDS (5 min) remain, or a third of the lifetime for
 *   tokens shorter than 15 min, the refresh token is used (grant_type refresh_token); if that fails, a
 *   password login.
 * - 401 on a request: the caller asks for ONE re-login (renewAfter401) and re-sends once.
 * - Concurrent callers share one login in flight.
 * - Logout is retried briefly (503 / connection errors, up to 12 tries within 3.5 s, so a
 *   logout on the engine's SIGINT ends before its SIGKILL 5 s later): arrays cap REST sessions
 *   (docs/unverified-points.md#row-20-rest-sessions), and a logout lost to busy answers holds a session until its
 *   token expires. Under a storm where 30% of requests answer 503, five tries would leave one logout in ~400
 *   open; twelve leave one in millions.
 * - After logout the client logs in no more: a straggling request of a finished operation must not open a
 *   session nobody will close.
 * - A refused login (401) names the username/password config keys and env variables, and after a password
 *   rotation `pulumi refresh --run-program` / `pulumi destroy --run-program` first (CLI >= v3.274 registers
 *   the provider with the current stack config then).
 * - A token with characters an Authorization header cannot carry is refused at login (wire-text.ts).
 * The password and tokens live only in this object's fields (never serialized: the client is created at
 * call time) and never reach errors or logs: see `secrets()` used for redaction.
 */
import {
  DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS, DEFAULT_TOKEN_LIFETIME_SECONDS, LOGIN_STATUS, REFRESH_WHEN_REMAINING_SECONDS,
} from "../api/dialect";
import type { ApiRequest } from "../api/request";
import { describeIssues } from "../api/schema-kit";
import * as sessionApi from "../api/session";
import { arrayConfigKey, envName, keyAndEnv } from "./config-keys";
import { EternusApiError, EternusError, hasStatus } from "./errors";
import { RetryPolicy, withRetry } from "./retry";
import type { Runtime } from "./runtime";
import { pathOnly } from "./transport";
import { bearerTokenProblem } from "./wire-text";

/** Logout: a few quick tries, bounded well below the plugin's shutdown grace (sleeps at most ~3.15 s in all). */
export const LOGOUT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 50, maxDelayMs: 350, maxAttempts: 12, deadlineMs: 3_500 };

export interface TokenState {
  token: string;
  sessionId: number | string;
  /** Local clock (runtime.now) at which the token expires. */
  expiresAt: number;
  lifetimeMs: number;
  refreshToken?: string;
  refreshExpiresAt?: number;
}

/** Sends a request without a token (login) or with the given token; retries as the client does. */
export type RawSend = (req: ApiRequest, token: string | undefined, signal?: AbortSignal) => Promise<{ status: number; data: unknown }>;

export interface AuthDeps {
  arrayName: string;
  username: string;
  password: string;
  runtime: Runtime;
  send: RawSend;
  /** Default LOGOUT_RETRY_POLICY. */
  logoutRetry?: RetryPolicy;
}

/** Milliseconds before expiry at which the token is refreshed. */
export function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(REFRESH_WHEN_REMAINING_SECONDS * 1000, Math.floor(lifetimeMs / 3));
}

export class SessionAuth {
  private state: TokenState | undefined;
  private pending: Promise<TokenState> | undefined;
  private readonly deps: AuthDeps;
  /** Every token ever issued to this client, for redaction (bounded). */
  private readonly issued: string[] = [];
  /** Set by logout: no login after it (see the module comment). */
  private closed = false;

  constructor(deps: AuthDeps) {
    this.deps = deps;
  }

  get sessionId(): number | string | undefined {
    return this.state?.sessionId;
  }

  /** A token valid for at least the refresh margin (logs in or refreshes as needed). */
  async token(signal?: AbortSignal): Promise<string> {
    this.refuseIfClosed();
    const s = this.state;
    const now = this.deps.runtime.now();
    if (s && s.expiresAt - now > refreshMarginMs(s.lifetimeMs)) return s.token;
    const next = await this.single(() => (s ? this.refreshOrLogin(s, signal) : this.login(signal)));
    return next.token;
  }

  /** After a 401 with `staleToken`: one fresh password login (shared by concurrent callers). */
  async renewAfter401(staleToken: string, signal?: AbortSignal): Promise<string> {
    if (this.state && this.state.token !== staleToken) return this.state.token; // someone already renewed
    if (this.pending) return (await this.pending).token;
    this.refuseIfClosed();
    this.state = undefined;
    return (await this.single(() => this.login(signal))).token;
  }

  /** Texts that must never appear in errors or logs. */
  secrets(): string[] {
    const out = [this.deps.password, ...this.issued];
    if (this.state?.refreshToken) out.push(this.state.refreshToken);
    return out.filter((s) => s && s.length >= 4);
  }

  /**
   * DELETE /session/{id} with the current token, retried within LOGOUT_RETRY_POLICY. Returns false when it
   * still failed (the session then ends with its token); never throws.
   */
  async logout(signal?: AbortSignal): Promise<boolean> {
    this.closed = true;
    if (this.pending) await this.pending.catch(() => undefined);
    const s = this.state;
    this.state = undefined;
    if (!s) return false;
    const req = sessionApi.deleteSession(s.sessionId);
    try {
      await withRetry(() => this.deps.send(req, s.token, signal), {
        req, arrayName: this.deps.arrayName, policy: this.deps.logoutRetry ?? LOGOUT_RETRY_POLICY, runtime: this.deps.runtime, signal,
      });
      return true;
    } catch (e) {
      if (hasStatus(e, 404) || hasStatus(e, 401)) return true; // the session is already gone
      this.deps.runtime.log(`[eternus] array ${this.deps.arrayName}: logout failed (${(e as Error).message}); the REST session ends when its token expires`);
      return false;
    }
  }

  private refuseIfClosed(): void {
    if (this.closed) throw new EternusError(`array ${this.deps.arrayName}: this client has logged out (a request after the end of its operation)`, "ERR_CLIENT_CLOSED");
  }

  private async single(run: () => Promise<TokenState>): Promise<TokenState> {
    if (this.pending) return this.pending;
    const p = run().then((s) => {
      this.state = s;
      return s;
    }).finally(() => {
      if (this.pending === p) this.pending = undefined;
    });
    this.pending = p;
    return p;
  }

  private async refreshOrLogin(s: TokenState, signal?: AbortSignal): Promise<TokenState> {
    const now = this.deps.runtime.now();
    if (s.refreshToken && (s.refreshExpiresAt === undefined || s.refreshExpiresAt > now)) {
      try {
        return await this.exchange(sessionApi.refreshSession({ userName: this.deps.username, refreshToken: s.refreshToken }), s.refreshToken, signal);
      } catch (e) {
        if (signal?.aborted) throw e;
        this.deps.runtime.log(`[eternus] array ${this.deps.arrayName}: token refresh failed (${(e as Error).message}); logging in again`);
      }
    }
    return this.login(signal);
  }

  private async login(signal?: AbortSignal): Promise<TokenState> {
    try {
      return await this.exchange(sessionApi.createSession({ userName: this.deps.username, password: this.deps.password }), undefined, signal);
    } catch (e) {
      throw hasStatus(e, 401) ? this.loginRefused(e) : e;
    }
  }

  /**
   * The array's own text names a "factor" ("Authentication failed (user_name)") that blames the user name
   * even for a wrong password: say which keys to check instead. Never the password, never the reply body.
   */
  private loginRefused(e: EternusApiError): EternusApiError {
    const name = this.deps.arrayName;
    const message = `array "${name}": login as user "${this.deps.username}" was refused (401 Unauthorized${e.errorCode ? `, error_code ${e.errorCode}` : ""}): ` +
      `check ${keyAndEnv(name, "username", "USERNAME")} and ${keyAndEnv(name, "password", "PASSWORD")}; ` +
      `set the password with: pulumi config set --secret --path '${arrayConfigKey(name, "password")}' <password>. ` +
      `After a password rotation, run pulumi refresh --run-program or pulumi destroy --run-program (they use the current stack config); ` +
      `without --run-program they use the configuration stored at the last pulumi up: run pulumi up once with the new config, ` +
      `or set ${envName(name, "PASSWORD")} (it wins over config) for that command`;
    const err = new EternusApiError({
      arrayName: name, method: e.method, path: e.path, status: 401, errorCode: e.errorCode, internalCode: e.internalCode,
      request: e.request, message,
    });
    err.retryCount = e.retryCount;
    return err;
  }

  private async exchange(req: ApiRequest, previousRefresh: string | undefined, signal?: AbortSignal): Promise<TokenState> {
    const started = this.deps.runtime.now();
    const res = await this.deps.send(req, undefined, signal);
    if (res.status !== LOGIN_STATUS && (res.status < 200 || res.status > 299)) {
      throw new EternusApiError({ arrayName: this.deps.arrayName, method: req.method, path: pathOnly(req.path), status: res.status, code: "ERR_BAD_RESPONSE", arrayMessage: "unexpected status for a login" });
    }
    const parsed = sessionApi.loginReplySchema().safeParse(res.data);
    if (!parsed.success) {
      // Never include the reply: it may hold a token.
      throw new EternusApiError({ arrayName: this.deps.arrayName, method: req.method, path: pathOnly(req.path), status: res.status, code: "ERR_BAD_RESPONSE", arrayMessage: `login reply not understood: ${describeIssues(parsed.error)}` });
    }
    const r = parsed.data;
    const unusable = bearerTokenProblem(r.token);
    if (unusable) {
      // Refused before any use: undici would refuse the header (and leak a pool slot); never echo the token.
      throw new EternusApiError({ arrayName: this.deps.arrayName, method: req.method, path: pathOnly(req.path), status: res.status, code: "ERR_BAD_RESPONSE",
        arrayMessage: `the token of the login reply ${unusable}, so it cannot be sent back; the REST session it opened ends when that token expires` });
    }
    const lifetimeMs = (r.lifetime && r.lifetime > 0 ? r.lifetime : DEFAULT_TOKEN_LIFETIME_SECONDS) * 1000;
    this.issued.push(r.token);
    if (this.issued.length > 8) this.issued.shift();
    const refreshToken = r.refresh_token ?? previousRefresh;
    const state: TokenState = { token: r.token, sessionId: r.session_id, expiresAt: started + lifetimeMs, lifetimeMs };
    if (refreshToken) {
      state.refreshToken = refreshToken;
      state.refreshExpiresAt = r.refresh_token || !this.state?.refreshExpiresAt
        ? started + DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS * 1000 : this.state.refreshExpiresAt;
    }
    return state;
  }
}
