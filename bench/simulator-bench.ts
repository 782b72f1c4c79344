/**
 * Simulator bench (never part of the tests): initial-copy time at the default rate, requests/s on one
 * core (the simulator runs in its own process; Node serves on one thread), and latency before/after
 * 1,000 volumes and 500 sessions. Loopback only; every loop is bounded in count and time.
 *
 *   npm run bench:sim            (or: node dist/bench/simulator-bench.js [--seconds 5] [--concurrency 16])
 */
import { spawn, ChildProcess } from "node:child_process";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { Pool } from "undici";

const { values } = parseArgs({ options: { seconds: { type: "string" }, concurrency: { type: "string" } } });
const SECONDS = Number(values.seconds ?? 5);
const CONCURRENCY = Number(values.concurrency ?? 16);
const CLI = path.resolve(__dirname, "../simulator/cli.js");

interface ArrayLine { name: string; url: string; boxId: string }

function startSim(args: string[]): Promise<{ child: ChildProcess; arrays: ArrayLine[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve({ child, arrays: JSON.parse(out.split("\n")[0]!).arrays });
    });
    child.on("exit", (c) => reject(new Error(`simulator exited ${c}`)));
  });
}

class Api {
  token = "";
  constructor(readonly pool: Pool, readonly boxId: string) {}
  async req(method: string, p: string, body?: unknown): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    const r = await this.pool.request({ method: method as "GET", path: p.startsWith("/sim/") ? p : `/api/v1${p}`, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.body.text();
    return { status: r.statusCode, body: text ? JSON.parse(text) : undefined };
  }
  async login(): Promise<void> {
    this.token = (await this.req("POST", "/session", { user_name: "root", password: "root" })).body.token;
  }
  async run(method: string, p: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const r = await this.req(method, p, body);
    if (r.status !== 202) throw new Error(`${method} ${p}: ${r.status} ${JSON.stringify(r.body)}`);
    for (let i = 0; i < 2000; i++) {
      const j = await this.req("GET", `/job/${r.body.job_id}`);
      if (!["Queued", "Running"].includes(j.body.status)) {
        await this.req("DELETE", "/job", { job_id_list: [r.body.job_id] });
        return j.body;
      }
      await new Promise((res) => setTimeout(res, 2));
    }
    throw new Error("job never ended");
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function throughput(api: Api, p: string, seconds: number): Promise<{ rps: number; p50: number; p99: number }> {
  const end = Date.now() + seconds * 1000;
  const lat: number[] = [];
  let errors = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < end) {
      const t0 = process.hrtime.bigint();
      const r = await api.req("GET", p);
      if (r.status !== 200) errors++;
      lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }));
  if (errors) throw new Error(`${errors} errors on GET ${p}`);
  lat.sort((a, b) => a - b);
  return { rps: lat.length / seconds, p50: lat[Math.floor(lat.length / 2)]!, p99: lat[Math.floor(lat.length * 0.99)]! };
}

async function latency(api: Api, p: string, n = 300): Promise<number> {
  const t0 = Date.now();
  for (let i = 0; i < n; i++) {
    const r = await api.req("GET", p);
    if (r.status !== 200) throw new Error(`GET ${p}: ${r.status}`);
  }
  return (Date.now() - t0) / n;
}

function table(rows: Array<[string, string]>): void {
  const w = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`\n${"measurement".padEnd(w)} | result\n${"-".repeat(w)}-|-${"-".repeat(30)}\n`);
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(w)} | ${v}\n`);
}

async function main(): Promise<void> {
  const rows: Array<[string, string]> = [];
  // 1. Initial copy of the 10 GB business volume at the DEFAULT copy rate and job latency.
  {
    const sim = await startSim(["--http"]);
    const [la, lb] = sim.arrays;
    const a = new Api(new Pool(la!.url, { connections: 4 }), la!.boxId);
    const b = new Api(new Pool(lb!.url, { connections: 4 }), lb!.boxId);
    try {
      await a.login(); await b.login();
      // The seeded business volume (volume_id 100000); GET /volume takes only the manual's filters, not name.
      const src = (await a.req("GET", "/volume/100000")).body;
      const dstJob = await b.run("POST", "/volume", { name: "bench_mirror", capacity: src.capacity, tpp_id: 0 });
      const dst = Number(dstJob.resource_href_list[0].split("/").pop());
      const t0 = Date.now();
      const job = await a.run("POST", "/copysession/rec", { source_volume_id: src.volume_id, destination_volume_id: dst, source_boxid: a.boxId, destination_boxid: b.boxId, transfer_mode: "Synchronous" });
      const id = Number(job.resource_href_list[0].split("/").pop());
      let phase = "";
      for (let i = 0; i < 1000 && phase !== "Equivalent"; i++) {
        phase = (await a.req("GET", `/copysession/${id}?fields=phase`)).body.phase;
        if (phase !== "Equivalent") await sleep(20);
      }
      rows.push([`initial copy ${src.capacity} MB @ default 2000 MB/s`, `Equivalent after ${((Date.now() - t0) / 1000).toFixed(2)} s`]);
    } finally {
      sim.child.kill("SIGTERM");
      await a.pool.close(); await b.pool.close();
    }
  }
  // 2. and 3. Throughput and scale, fast jobs so set-up is quick.
  const sim = await startSim(["--http", "--job-latency-ms", "0", "--copy-rate", "1000000"]);
  const [la, lb] = sim.arrays;
  const a = new Api(new Pool(la!.url, { connections: CONCURRENCY, pipelining: 1 }), la!.boxId);
  const b = new Api(new Pool(lb!.url, { connections: CONCURRENCY }), lb!.boxId);
  try {
    await a.login(); await b.login();
    const src = 100000;
    const d0 = Number((await b.run("POST", "/volume", { name: "m0", capacity: 10240, tpp_id: 0 })).resource_href_list[0].split("/").pop());
    const cs0 = Number((await a.run("POST", "/copysession/rec", { source_volume_id: src, destination_volume_id: d0, source_boxid: a.boxId, destination_boxid: b.boxId, transfer_mode: "Synchronous" })).resource_href_list[0].split("/").pop());
    const volBefore = await latency(a, `/volume/${src}`);
    const csBefore = await latency(a, `/copysession/${cs0}`);
    // Content: 1,000 host writes mirrored synchronously, then digests of both copies (sparse blocks).
    const tw = Date.now();
    for (let i = 0; i < 1000; i++) {
      const w = await a.req("POST", "/sim/v1/writes", { volume_id: src, block: (i * 7) % 10236, count: 4, write_id: `bench-${i}` });
      if (w.status !== 200) throw new Error(`POST /sim/v1/writes: ${w.status} ${JSON.stringify(w.body)}`);
    }
    const writesMs = Date.now() - tw;
    const td = Date.now();
    const ds = (await a.req("GET", `/sim/v1/volumes/site-a/${src}/digest`)).body;
    const dd = (await a.req("GET", `/sim/v1/volumes/site-b/${d0}/digest`)).body;
    rows.push(["1,000 content writes (4 blocks, Synchronous mirror)", `${writesMs} ms (${(writesMs / 1000).toFixed(2)} ms per write)`]);
    rows.push([`digest of source + mirror (${ds.written_blocks} written blocks each)`, `${Date.now() - td} ms, ${ds.digest === dd.digest ? "equal" : "DIFFERENT"}`]);
    const tv = await throughput(a, `/volume/${src}`, SECONDS);
    rows.push([`GET /volume/{id}, ${CONCURRENCY} keep-alive conns, ${SECONDS} s`, `${tv.rps.toFixed(0)} req/s (p50 ${tv.p50.toFixed(2)} ms, p99 ${tv.p99.toFixed(2)} ms)`]);
    const tc = await throughput(a, `/copysession/${cs0}`, SECONDS);
    rows.push([`GET /copysession/{id}, ${CONCURRENCY} keep-alive conns, ${SECONDS} s`, `${tc.rps.toFixed(0)} req/s (p50 ${tc.p50.toFixed(2)} ms, p99 ${tc.p99.toFixed(2)} ms)`]);

    const t0 = Date.now();
    for (let i = 0; i < 5; i++) {
      await a.run("POST", "/volume", { name: `s${i}_`, capacity: 1024, tpp_id: 0, count: 100, start_number: 0, number_of_digits: 3 });
      await b.run("POST", "/volume", { name: `d${i}_`, capacity: 1024, tpp_id: 0, count: 100, start_number: 0, number_of_digits: 3 });
    }
    const volsTime = Date.now() - t0;
    const srcs: number[] = (await a.req("GET", "/volume?max_records=10000&fields=name")).body.volume_list.filter((v: { name: string }) => v.name.startsWith("s")).map((v: { volume_id: number }) => v.volume_id);
    const dsts: number[] = (await b.req("GET", "/volume?max_records=10000&fields=name")).body.volume_list.filter((v: { name: string }) => v.name.startsWith("d")).map((v: { volume_id: number }) => v.volume_id);
    const t1 = Date.now();
    for (let i = 0; i < 500; i++) {
      await a.run("POST", "/copysession/rec", { source_volume_id: srcs[i], destination_volume_id: dsts[i], source_boxid: a.boxId, destination_boxid: b.boxId, transfer_mode: i % 2 ? "Consistency" : "Synchronous" });
    }
    const csTime = Date.now() - t1;
    const nVol = (await a.req("GET", "/volume?max_records=1")).body.total_count + (await b.req("GET", "/volume?max_records=1")).body.total_count;
    const nCs = (await a.req("GET", "/copysession?max_records=1")).body.total_count;
    rows.push([`create 1,000 volumes (10 requests of count=100)`, `${volsTime} ms`]);
    rows.push([`create 500 REC sessions (one request + job each)`, `${csTime} ms (${(csTime / 500).toFixed(2)} ms per session)`]);
    const volAfter = await latency(a, `/volume/${src}`);
    const csAfter = await latency(a, `/copysession/${cs0}`);
    rows.push([`GET /volume/{id} latency, before -> after (${nVol} volumes)`, `${volBefore.toFixed(2)} ms -> ${volAfter.toFixed(2)} ms`]);
    rows.push([`GET /copysession/{id} latency, before -> after (${nCs} sessions)`, `${csBefore.toFixed(2)} ms -> ${csAfter.toFixed(2)} ms`]);
    const tl = Date.now();
    const page = await a.req("GET", "/copysession?max_records=100");
    rows.push([`GET /copysession page of 100 with ${nCs} sessions`, `${Date.now() - tl} ms (${page.body.list_count} items)`]);
    const ta = await throughput(a, `/copysession/${cs0}`, Math.min(SECONDS, 3));
    rows.push([`GET /copysession/{id} with ${nCs} sessions, ${Math.min(SECONDS, 3)} s`, `${ta.rps.toFixed(0)} req/s (p99 ${ta.p99.toFixed(2)} ms)`]);
  } finally {
    sim.child.kill("SIGTERM");
    await a.pool.close(); await b.pool.close();
  }
  table(rows);
}

main().then(() => process.exit(0), (e: unknown) => { process.stderr.write(`bench failed: ${String(e)}\n`); process.exit(1); });
