/**
 * A counting reverse proxy in front of each simulated array (127.0.0.1 only). The provider is configured
 * with the proxy's URL and CA, so every REST request it makes is seen here: counted by method + path
 * template (numbers -> {id}, query dropped) and the peak number of requests in flight per array tracked.
 * The simulator has no request counters of its own, and counting outside the provider cannot be fooled by
 * the provider's retries.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { generateTls } from "../../simulator/tls";

export interface ArrayCounts {
  total: number;
  byTemplate: Record<string, number>;
  peakInFlight: number;
}

export interface ProxiedArray {
  name: string;
  /** Where the provider connects. */
  url: string;
  /** CA of the proxy's certificate (null with plain HTTP). */
  caCertFile: string | null;
}

/** `GET /api/v1/copysession/12?fields=phase` -> `GET /api/v1/copysession/{id}`. */
export function template(method: string, url: string): string {
  const p = url.split("?")[0]!.replace(/\/\d+(?=\/|$)/g, "/{id}");
  return `${method} ${p}`;
}

class Counter {
  total = 0;
  byTemplate: Record<string, number> = {};
  inFlight = 0;
  peakInFlight = 0;
  start(key: string): void {
    this.total++;
    this.byTemplate[key] = (this.byTemplate[key] ?? 0) + 1;
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
  }
  snapshot(): ArrayCounts {
    return { total: this.total, byTemplate: { ...this.byTemplate }, peakInFlight: this.peakInFlight };
  }
  reset(): void {
    // inFlight stays: a request may straddle the reset.
    this.total = 0;
    this.byTemplate = {};
    this.peakInFlight = this.inFlight;
  }
}

export class CountingProxy {
  private readonly servers: http.Server[] = [];
  private readonly counters = new Map<string, Counter>();
  readonly arrays: ProxiedArray[] = [];

  private constructor(private readonly tlsDir: string) {}

  /**
   * One listener per upstream array. `https`: the proxy serves TLS with its own generated CA (as a real
   * array would) and talks TLS to the simulator with the simulator's CA.
   */
  static async start(upstreams: Array<{ name: string; url: string; caCertPem: string | null }>, o: { https: boolean; tlsDir: string }): Promise<CountingProxy> {
    const proxy = new CountingProxy(o.tlsDir);
    const tls = o.https ? generateTls("127.0.0.1", o.tlsDir) : undefined;
    for (const up of upstreams) {
      const counter = new Counter();
      proxy.counters.set(up.name, counter);
      const target = new URL(up.url);
      const client = target.protocol === "https:" ? https : http;
      const agent = new client.Agent({ keepAlive: true, maxSockets: Infinity, ...(up.caCertPem ? { ca: up.caCertPem } : {}) });
      const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
        counter.start(template(req.method ?? "GET", req.url ?? "/"));
        let done = false;
        const finish = () => {
          if (!done) { done = true; counter.inFlight--; }
        };
        res.on("close", finish);
        const upstream = client.request({
          host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent,
        }, (ur) => {
          res.writeHead(ur.statusCode ?? 502, ur.headers);
          ur.pipe(res);
        });
        // The simulator's drop-response fault destroys the socket: pass that on as a dropped connection.
        upstream.on("error", () => { res.destroy(); finish(); });
        req.pipe(upstream);
      };
      const server = tls ? https.createServer({ key: tls.serverKeyPem, cert: tls.serverCertPem }, handler) : http.createServer(handler);
      server.keepAliveTimeout = 60_000;
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
      });
      proxy.servers.push(server);
      const port = (server.address() as AddressInfo).port;
      proxy.arrays.push({ name: up.name, url: `${tls ? "https" : "http"}://127.0.0.1:${port}`, caCertFile: tls ? tls.caCertFile : null });
    }
    return proxy;
  }

  snapshot(): Record<string, ArrayCounts> {
    return Object.fromEntries([...this.counters].map(([k, c]) => [k, c.snapshot()]));
  }

  reset(): void {
    for (const c of this.counters.values()) c.reset();
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    })));
    fs.rmSync(path.join(this.tlsDir, "ca.pem"), { force: true });
  }
}
