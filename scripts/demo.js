#!/usr/bin/env node
// npm run demo: the quick-start program (Pulumi.yaml + index.ts at the repository root) under the real
// Pulumi engine, against the embedded ETERNUS simulator. `npm run demo` builds and links the package first
// (package.json), then runs this script:
//
//   1. find the Pulumi CLI (the one lookup rule: scripts/pulumi-path.js); none: `npm run setup:pulumi`
//   2. start the simulator (arrays site-a, site-b; business_vol01 seeded on site-a)
//   3. a local file backend in .demo/, a demo passphrase, stack "demo", the arrays in stack config
//   4. pulumi up; print the outputs (phase must be Equivalent)
//   5. transferMode Synchronous -> Consistency -> Synchronous: preview (the planned suspend/PATCH/resume) + up
//   6. pulumi destroy; remove the stack; stop the simulator
//
// Every step is printed with its elapsed time. Any failure prints the reason and exits 1; the simulator is
// always stopped and the demo stack (with its Pulumi.demo.yaml) removed. The demo runs shipped code only
// (dist/index.js, dist/provider, dist/simulator): Pulumi runs through its own small runner,
// scripts/demo-pulumi.js, and the CLI is found by THE lookup rule, scripts/pulumi-path.js.
"use strict";
const fs = require("fs");
const path = require("path");
const { spawn, spawnSync } = require("child_process");

const ROOT = path.resolve(__dirname, "..");
const DEMO_DIR = path.join(ROOT, ".demo");
const STACK = "demo";
const T0 = Date.now();
let stepNo = 0;

function elapsed() {
  return `${((Date.now() - T0) / 1000).toFixed(1)}s`;
}
function say(msg) {
  process.stdout.write(`${msg}\n`);
}
function step(title) {
  stepNo += 1;
  say(`\n==> [${elapsed()}] ${stepNo}. ${title}`);
}
class DemoError extends Error {}
function fail(reason) {
  throw new DemoError(reason);
}

const { findPulumi } = require("./pulumi-path");
const { DemoPulumi } = require("./demo-pulumi");

/** Run pulumi with its output streamed (indented) to the console; returns {code, stdout, stderr}. */
async function pulumi(ctx, args, opts = {}) {
  return ctx.project.run(args, opts);
}

function startSimulator() {
  const cli = path.join(ROOT, "dist", "simulator", "cli.js");
  if (!fs.existsSync(cli)) fail(`${cli} is missing: run npm run build`);
  const logFile = path.join(DEMO_DIR, "simulator.log");
  const log = fs.openSync(logFile, "w");
  const child = spawn(process.execPath, [cli, "--tls-dir", path.join(DEMO_DIR, "tls"), "--copy-rate", "2000"], {
    cwd: ROOT, stdio: ["ignore", "pipe", log],
  });
  return new Promise((resolve, reject) => {
    let buf = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new DemoError(`the simulator did not report ready within 30 s (log: ${logFile})`));
    }, 30_000);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new DemoError(`the simulator exited (${code ?? signal}) before it was ready; log: ${logFile}\n${fs.readFileSync(logFile, "utf8").slice(-2000)}`));
    });
    child.stdout.on("data", (d) => {
      buf += d;
      const nl = buf.indexOf("\n");
      if (nl < 0) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      try {
        const info = JSON.parse(buf.slice(0, nl));
        resolve({ child, arrays: info.arrays, logFile });
      } catch (e) {
        child.kill("SIGKILL");
        reject(new DemoError(`the simulator printed no JSON ready line: ${buf.slice(0, 200)}`));
      }
    });
  });
}

function stopSimulator(sim) {
  return new Promise((resolve) => {
    if (!sim || sim.child.exitCode !== null || sim.child.signalCode !== null) return resolve();
    const timer = setTimeout(() => { sim.child.kill("SIGKILL"); }, 5000);
    sim.child.on("exit", () => { clearTimeout(timer); resolve(); });
    sim.child.kill("SIGTERM");
  });
}

async function outputs(ctx) {
  return ctx.project.outputs();
}

function printOutputs(o) {
  for (const [k, v] of Object.entries(o)) say(`    ${k.padEnd(22)} ${JSON.stringify(v)}`);
}

async function changeTransferMode(ctx, mode) {
  step(`Change transferMode to ${mode}: preview`);
  await ctx.project.configSet("transferMode", mode);
  const pv = await pulumi(ctx, ["preview", "--diff", "--stack", STACK]);
  // The summary reads "~ 1 to update" / "+-1 to replace".
  if (/\d+\s+to replace/.test(pv.stdout)) fail(`preview after transferMode=${mode} plans a REPLACEMENT; it must be an in-place update`);
  if (!/~\s*1\s+to update/.test(pv.stdout)) fail(`preview after transferMode=${mode} does not plan exactly one update (see above)`);
  say(`    planned: an in-place update of the session (the provider's lines above show the suspend -> PATCH -> resume plan)`);

  step(`Change transferMode to ${mode}: pulumi up --yes`);
  await pulumi(ctx, ["up", "--yes", "--skip-preview", "--stack", STACK]);
  const o = await outputs(ctx);
  printOutputs(o);
  if (o.sessionTransferMode !== mode) fail(`after up the session's transfer mode is ${JSON.stringify(o.sessionTransferMode)}, expected ${mode}`);
}

async function main() {
  // The file backend needs its folder to exist; a fresh clone has none.
  fs.mkdirSync(path.join(DEMO_DIR, "backend"), { recursive: true });
  const ctx = {};
  let sim;
  let stackCreated = false;
  const stackFile = path.join(ROOT, `Pulumi.${STACK}.yaml`);
  const hadStackFile = fs.existsSync(stackFile);
  try {
    step("Find the Pulumi CLI");
    let cli = findPulumi();
    if (!cli.dir) {
      say(`    no Pulumi CLI found (${cli.reason})`);
      say("    building it from Go modules: npm run setup:pulumi (cached after the first time)");
      const r = spawnSync("npm", ["run", "setup:pulumi"], { cwd: ROOT, stdio: "inherit" });
      if (r.status !== 0) fail(`npm run setup:pulumi failed (exit ${r.status ?? r.signal}); see its output above`);
      cli = findPulumi();
      if (!cli.dir) fail(`still no usable Pulumi CLI after npm run setup:pulumi: ${cli.reason}`);
    }
    ctx.project = new DemoPulumi({
      projectDir: ROOT, workDir: DEMO_DIR, binDir: cli.dir, stack: STACK,
      echo: (text) => process.stdout.write(text.replace(/^(?=.)/gm, "    ")),
    });
    const v = await pulumi(ctx, ["version"], { quiet: true });
    say(`    ${cli.dir} (from ${cli.source}; pulumi ${v.stdout.trim()})`);
    if (!fs.existsSync(path.join(ROOT, "dist", "index.js"))) fail("dist/index.js is missing: run npm run build (npm run demo does)");
    if (!fs.existsSync(path.join(ROOT, "node_modules", "pulumi-eternus-rec", "package.json"))) {
      fail("node_modules/pulumi-eternus-rec is missing: run node scripts/link-self.js (npm run demo does)");
    }

    step("Start the ETERNUS simulator (arrays site-a and site-b, business_vol01 on site-a)");
    sim = await startSimulator();
    for (const a of sim.arrays) say(`    ${a.name.padEnd(8)} ${a.url}  boxid ${a.boxId}`);
    say(`    CA certificate: ${sim.arrays[0].caCertFile}   log: ${path.relative(ROOT, sim.logFile)}`);

    step(`Create stack "${STACK}" (local file backend in .demo/backend, passphrase secrets) and configure the arrays`);
    await pulumi(ctx, ["stack", "rm", "--yes", "--force", STACK], { quiet: true, allowFailure: true });
    await ctx.project.init();
    stackCreated = true;
    await ctx.project.configureArrays(sim.arrays);
    await ctx.project.configSet("transferMode", "Synchronous");

    step("pulumi up --yes (creates the mirror volume on site-b and the REC session, waits for Equivalent)");
    await pulumi(ctx, ["up", "--yes", "--stack", STACK]);

    step("Outputs");
    const o = await outputs(ctx);
    printOutputs(o);
    if (o.phase !== "Equivalent") fail(`phase is ${JSON.stringify(o.phase)}, expected "Equivalent"`);
    if (o.status !== "Active") fail(`status is ${JSON.stringify(o.status)}, expected "Active"`);

    await changeTransferMode(ctx, "Consistency");
    await changeTransferMode(ctx, "Synchronous");
    const back = await outputs(ctx);
    if (back.phase !== "Equivalent") fail(`after returning to Synchronous the phase is ${JSON.stringify(back.phase)}, expected "Equivalent"`);

    step("pulumi destroy --yes (force-deletes the session, then the mirror volume)");
    await pulumi(ctx, ["destroy", "--yes", "--skip-preview", "--stack", STACK]);
    await pulumi(ctx, ["stack", "rm", "--yes", STACK]);
    stackCreated = false;

    step("Stop the simulator");
    await stopSimulator(sim);
    sim = undefined;
    say(`\nDemo finished in ${elapsed()}: up, outputs (Equivalent), Synchronous -> Consistency -> Synchronous in place, destroy.`);
  } finally {
    if (stackCreated) {
      say(`\n    cleanup: removing stack "${STACK}"`);
      if (ctx.project) await pulumi(ctx, ["stack", "rm", "--yes", "--force", STACK], { quiet: true, allowFailure: true }).catch(() => undefined);
    }
    if (!hadStackFile && fs.existsSync(stackFile)) fs.rmSync(stackFile, { force: true });
    if (sim) {
      say("    cleanup: stopping the simulator");
      await stopSimulator(sim);
    }
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    // The runner's errors name the command and the tail of its output; a stack trace adds nothing there.
    const reason = e instanceof DemoError || /^pulumi /.test(String(e && e.message)) ? e.message : (e && e.stack) || String(e);
    process.stderr.write(`\nDEMO FAILED after ${elapsed()} at step ${stepNo}: ${reason}\n`);
    process.exit(1);
  },
);
