/**
 * THE one place the request pipeline is composed. A request runs the steps top to bottom, the answer (or
 * error) comes back bottom to top:
 *
 *   lostResponse  notes a mutating request whose answer was lost (for the lost-job search)
 *   retry         503 / connection failures, backoff within the policy; every attempt re-runs what follows
 *   jobLimit      the 512-job limit: release our own records, re-send once, else ERR_JOB_LIMIT
 *   auth          token (login / refresh), one re-login and re-send on 401
 *   --- the wire (logins and logouts enter here, from auth.ts) ---
 *   exchange      the onExchange hook (trace, probe transcript): redacted bodies, none for a login
 *   redact        secrets out of errors
 *   observe       the onRequest event; a transport failure forgets the storage-system cache
 *   transport     one HTTP exchange (transport.ts)
 *
 * A new step is one line in one of the two lists. The exchange step is FIRST in the wire steps: it sees
 * every HTTP exchange (each retry, re-login, refresh and logout) with secrets already removed from errors;
 * it writes no token (Exchange.token) and no body of a sensitive request.
 */
import type { ApiRequest } from "../../api/request";
import { SessionAuth } from "../auth";
import type { RetryPolicy } from "../retry";
import type { Runtime } from "../runtime";
import type { HttpTransport } from "../transport";
import { authStep } from "./authenticate";
import { exchangeStep, type ExchangeEvent } from "./exchange";
import { jobLimitStep } from "./job-limit";
import { lostResponseStep } from "./lost-response";
import { observeStep, type RequestEvent } from "./observe";
import { redactStep } from "./redact";
import { retryStep } from "./retry";
import { compose, type Send } from "./step";

export interface PipelineDeps {
  arrayName: string;
  username: string;
  password: string;
  runtime: Runtime;
  transport: HttpTransport;
  retry: RetryPolicy;
  logoutRetry?: RetryPolicy;
  onRequest?: (event: RequestEvent) => void;
  onExchange?: (event: ExchangeEvent) => void;
  onTransportFailure: () => void;
  noteLost: (req: ApiRequest) => void;
  /** Deletes this client's own job records (leftovers, lost jobs): the job limit's first answer. */
  releaseOwnRecords: (signal?: AbortSignal) => Promise<unknown>;
}

export interface Pipeline {
  send: Send;
  auth: SessionAuth;
}

export function buildPipeline(d: PipelineDeps): Pipeline {
  const { arrayName, runtime, transport } = d;
  const plainHttp = transport.endpoint.protocol === "http:";
  let auth: SessionAuth | undefined;
  const secrets = () => auth?.secrets() ?? [d.password];
  const wire = compose([
    ...(d.onExchange ? [exchangeStep({ arrayName, now: runtime.now, secrets, onExchange: d.onExchange })] : []),
    redactStep(secrets),
    observeStep({ onRequest: d.onRequest, onTransportFailure: d.onTransportFailure }),
  ], (x) => transport.send({ method: x.req.method, path: x.req.path, body: x.req.body, token: x.token, sensitive: x.req.sensitive, signal: x.signal, secrets: secrets() }));
  auth = new SessionAuth({
    arrayName, username: d.username, password: d.password, runtime, logoutRetry: d.logoutRetry,
    send: (req, token, signal) => wire({ req, token, signal }),
  });
  const send = compose([
    lostResponseStep({ noteLost: d.noteLost }),
    retryStep({ arrayName, policy: d.retry, runtime, plainHttp }),
    jobLimitStep({ release: d.releaseOwnRecords }),
    authStep(auth, { arrayName, runtime }),
  ], wire);
  return { send, auth };
}
