/**
 * No import cycle in provider/**: walks the compiled CommonJS (dist/provider) and follows every relative
 * require, lazy ones included (a require inside a function still closes a cycle at run time).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";

const PROVIDER_DIST = path.resolve(__dirname, "../../provider");

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return jsFiles(p);
    return e.name.endsWith(".js") ? [p] : [];
  });
}

/** Relative requires of one compiled file, resolved to files. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
    const base = path.resolve(path.dirname(file), m[1]!);
    const hit = [base + ".js", path.join(base, "index.js"), base].find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
    if (hit) out.push(hit);
  }
  return out;
}

/** The first cycle found (as a file list), or undefined. */
export function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === "done") return undefined;
    if (state.get(n) === "open") return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, "open");
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    stack.pop();
    state.set(n, "done");
    return undefined;
  };
  for (const n of graph.keys()) {
    const c = visit(n);
    if (c) return c;
  }
  return undefined;
}

describe("provider import graph", () => {
  it("finds a cycle when there is one (the checker itself can fail)", () => {
    const g = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]);
    assert.deepEqual(findCycle(g), ["a", "b", "c", "a"]);
    assert.equal(findCycle(new Map([["a", ["b"]], ["b", []]])), undefined);
  });

  it("has no cycle in dist/provider (lazy requires included)", () => {
    const files = jsFiles(PROVIDER_DIST);
    assert.ok(files.length > 30, `expected the compiled provider under ${PROVIDER_DIST}`);
    const graph = new Map(files.map((f) => [f, importsOf(f)]));
    const cycle = findCycle(graph);
    assert.equal(cycle, undefined, `import cycle: ${cycle?.map((f) => path.relative(PROVIDER_DIST, f)).join(" -> ")}`);
  });
});
