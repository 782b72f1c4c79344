/**
 * A hand-built SVG (no chart library): wall time and REST requests per mirror against N, one line per
 * mode and operation, the lower bound / minimum dashed. N is drawn on evenly spaced ticks (1, 10, 50 ...).
 */

export interface Series {
  label: string;
  color: string;
  dashed?: boolean;
  /** One value per N (null = not measured). */
  values: Array<number | null>;
}

export interface Panel {
  title: string;
  yLabel: string;
  series: Series[];
}

const W = 460;
const H = 300;
const M = { left: 56, right: 12, top: 30, bottom: 44 };

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function panel(p: Panel, ns: number[], x0: number): string {
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const all = p.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const ymax = niceMax(Math.max(0, ...all));
  const xs = (i: number) => x0 + M.left + (ns.length === 1 ? iw / 2 : (i * iw) / (ns.length - 1));
  const ys = (v: number) => M.top + ih - (v / ymax) * ih;
  const out: string[] = [];
  out.push(`<text x="${x0 + W / 2}" y="18" text-anchor="middle" font-weight="bold">${esc(p.title)}</text>`);
  for (let k = 0; k <= 4; k++) {
    const v = (ymax * k) / 4;
    const y = ys(v);
    out.push(`<line x1="${x0 + M.left}" y1="${y}" x2="${x0 + W - M.right}" y2="${y}" stroke="#ddd"/>`);
    out.push(`<text x="${x0 + M.left - 6}" y="${y + 4}" text-anchor="end">${+v.toPrecision(3)}</text>`);
  }
  ns.forEach((n, i) => out.push(`<text x="${xs(i)}" y="${M.top + ih + 16}" text-anchor="middle">${n}</text>`));
  out.push(`<text x="${x0 + M.left + iw / 2}" y="${H - 8}" text-anchor="middle">N (mirrors)</text>`);
  out.push(`<text transform="translate(${x0 + 14},${M.top + ih / 2}) rotate(-90)" text-anchor="middle">${esc(p.yLabel)}</text>`);
  for (const s of p.series) {
    const pts = s.values.map((v, i) => (v === null ? null : `${xs(i).toFixed(1)},${ys(v).toFixed(1)}`)).filter((x): x is string => x !== null);
    if (!pts.length) continue;
    const dash = s.dashed ? ` stroke-dasharray="5,4"` : "";
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${pts.join(" ")}"/>`);
    for (const pt of pts) out.push(`<circle cx="${pt.split(",")[0]}" cy="${pt.split(",")[1]}" r="3" fill="${s.color}"/>`);
  }
  return out.join("\n");
}

/** Two panels side by side and one legend below them. */
export function chartSvg(title: string, ns: number[], panels: [Panel, Panel]): string {
  const legend = [...new Map(panels.flatMap((p) => p.series).map((s) => [s.label, s])).values()];
  const rows = Math.ceil(legend.length / 4);
  const height = H + 28 + rows * 18;
  const items = legend.map((s, i) => {
    const x = 20 + (i % 4) * 230;
    const y = H + 34 + Math.floor(i / 4) * 18;
    const dash = s.dashed ? ` stroke-dasharray="5,4"` : "";
    return `<line x1="${x}" y1="${y - 4}" x2="${x + 24}" y2="${y - 4}" stroke="${s.color}" stroke-width="2"${dash}/>` +
      `<text x="${x + 30}" y="${y}">${esc(s.label)}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${height}" viewBox="0 0 ${2 * W} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<title>${esc(title)}</title>`,
    panel(panels[0], ns, 0),
    panel(panels[1], ns, W),
    ...items,
    `</svg>`,
    "",
  ].join("\n");
}
