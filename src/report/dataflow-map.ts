/**
 * The data-flow map: HealthKit types on the left, destinations on the right, one edge per
 * (type, destination) pair with the number of findings on it. The model is shared by the HTML report
 * (which draws it as SVG) and the Markdown report (which lists it as a table).
 */
import type { Finding, FindingStatus, Recipient, Severity } from '../findings/types.js';

/** `data-type` of findings whose health types could not be resolved statically. */
export const UNSPECIFIED_TYPE = '(unspecified)';

/** Most urgent first: an edge is drawn in the colour of its most urgent status. */
export const STATUS_ORDER: FindingStatus[] = ['open', 'consented', 'sanitized', 'baselined', 'suppressed'];

export const STATUS_LABEL: Record<FindingStatus, string> = {
  open: 'Open',
  consented: 'Behind a consent gate',
  sanitized: 'Sanitized',
  baselined: 'Baselined',
  suppressed: 'Suppressed',
};

/** Colours chosen for at least 4.5:1 contrast on white; the dash patterns keep them apart without colour. */
export const STATUS_STYLE: Record<FindingStatus, { color: string; dash: string }> = {
  open: { color: '#b42318', dash: '' },
  consented: { color: '#1d5fb8', dash: '' },
  sanitized: { color: '#19703a', dash: '12 4' },
  baselined: { color: '#6b3fa0', dash: '3 3' },
  suppressed: { color: '#5c6470', dash: '7 5' },
};

export interface MapDestination {
  /** `kind:category:vendor-or-host`, the edge's `data-destination`. */
  key: string;
  kind: Recipient['kind'];
  label: string;
  sublabel: string;
  /** Ordering group (advertising SDKs first, then other SDKs, AI, hosts, logs, storage, iCloud, clipboard). */
  rank: number;
}

export interface MapEdge {
  type: string;
  destination: string;
  count: number;
  /** The most urgent status among the edge's findings. */
  status: FindingStatus;
  statusCounts: Partial<Record<FindingStatus, number>>;
  ruleIds: string[];
  severities: Severity[];
  fingerprints: string[];
}

export interface DataflowMap {
  types: string[];
  destinations: MapDestination[];
  edges: MapEdge[];
}

const CATEGORY_WORDS: Record<string, string> = {
  advertising: 'advertising SDK', ads: 'advertising SDK', attribution: 'attribution SDK', analytics: 'analytics SDK',
  marketing: 'marketing SDK', engagement: 'engagement SDK', 'data-broker': 'data broker', crash: 'crash reporter',
  apm: 'performance monitoring', 'session-replay': 'session replay', ai: 'AI service',
  'network-third-party': 'third-party server', 'network-first-party': 'first-party server', log: 'log',
  'insecure-storage': 'unencrypted storage', icloud: 'iCloud', clipboard: 'pasteboard',
};

/** Human words for a sink category ("analytics SDK"). */
export function categoryWords(category: string | undefined): string {
  if (!category) return '';
  return CATEGORY_WORDS[category] ?? category.replace(/-/g, ' ');
}

const KIND_RANK: Record<Recipient['kind'], number> = { sdk: 1, ai: 2, network: 3, log: 4, storage: 5, icloud: 6, clipboard: 7 };
const HARMFUL_CATEGORIES = new Set(['advertising', 'ads', 'attribution', 'data-broker', 'marketing']);

export function destinationKey(r: Recipient): string {
  return `${r.kind}:${r.category ?? ''}:${r.vendor ?? r.host ?? ''}`;
}

export function describeDestination(r: Recipient): MapDestination {
  const words = categoryWords(r.category);
  let label: string;
  let sublabel: string;
  switch (r.kind) {
    case 'sdk':
      label = r.vendor ?? 'Unknown SDK';
      sublabel = words || 'SDK';
      break;
    case 'ai':
      label = r.vendor ?? r.host ?? 'AI service';
      sublabel = r.host && r.vendor ? `AI service · ${r.host}` : 'AI service';
      break;
    case 'network':
      label = r.host ?? 'Unresolved host';
      sublabel = r.vendor ? `${r.vendor} · ${words || 'server'}` : words || 'server';
      break;
    case 'log':
      label = 'Logs';
      sublabel = r.vendor ?? 'console / os_log';
      break;
    case 'storage':
      label = 'Local storage';
      sublabel = r.vendor ?? 'unencrypted';
      break;
    case 'icloud':
      label = 'iCloud';
      sublabel = r.vendor ?? 'key-value / CloudKit';
      break;
    case 'clipboard':
      label = 'Clipboard';
      sublabel = 'pasteboard';
      break;
  }
  const rank = r.kind === 'sdk' && r.category && HARMFUL_CATEGORIES.has(r.category) ? 0 : KIND_RANK[r.kind];
  return { key: destinationKey(r), kind: r.kind, label, sublabel, rank };
}

/** "HKQuantityTypeIdentifierHeartRate" -> "Heart rate". */
export function healthTypeLabel(identifier: string): string {
  if (identifier === UNSPECIFIED_TYPE) return 'Unspecified health data';
  const bare = identifier
    .replace(/^HK(Quantity|Category|Characteristic|Correlation|Clinical|Document|Workout|WorkoutRoute|DataType)TypeIdentifier/, '')
    .replace(/^HKDataTypeIdentifier/, '')
    .replace(/^HK/, '')
    .replace(/TypeIdentifier$|Type$/, '');
  const name = bare || identifier.replace(/^HK/, '').replace(/TypeIdentifier$/, '');
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim();
  if (!words) return identifier;
  const lowered = words.split(' ').map((w, i) => (i > 0 && /^[A-Z][a-z]+$/.test(w) ? w.toLowerCase() : w)).join(' ');
  return lowered.charAt(0).toUpperCase() + lowered.slice(1);
}

/** Whether a finding is a flow of health data to a recipient (configuration and inventory findings are not). */
export function isFlowFinding(f: Finding): f is Finding & { recipient: Recipient } {
  return f.recipient !== undefined && (f.flow?.length ?? 0) > 0;
}

/** Flow findings grouped by (health type, recipient); configuration and inventory findings are not on the map. */
export function buildDataflowMap(findings: readonly Finding[]): DataflowMap {
  const destinations = new Map<string, MapDestination>();
  const edges = new Map<string, MapEdge>();
  const types = new Set<string>();
  for (const f of findings) {
    if (!isFlowFinding(f)) continue;
    const dest = describeDestination(f.recipient);
    destinations.set(dest.key, dest);
    const fTypes = f.healthTypes.length > 0 ? [...new Set(f.healthTypes)] : [UNSPECIFIED_TYPE];
    for (const type of fTypes) {
      types.add(type);
      const key = `${type}\u0000${dest.key}`;
      let edge = edges.get(key);
      if (!edge) {
        edge = { type, destination: dest.key, count: 0, status: f.status, statusCounts: {}, ruleIds: [], severities: [], fingerprints: [] };
        edges.set(key, edge);
      }
      edge.count++;
      edge.statusCounts[f.status] = (edge.statusCounts[f.status] ?? 0) + 1;
      if (STATUS_ORDER.indexOf(f.status) < STATUS_ORDER.indexOf(edge.status)) edge.status = f.status;
      if (!edge.ruleIds.includes(f.ruleId)) edge.ruleIds.push(f.ruleId);
      if (!edge.severities.includes(f.severity)) edge.severities.push(f.severity);
      edge.fingerprints.push(f.fingerprint);
    }
  }
  const sortedTypes = [...types].sort((a, b) => {
    if (a === UNSPECIFIED_TYPE) return 1;
    if (b === UNSPECIFIED_TYPE) return -1;
    return healthTypeLabel(a).localeCompare(healthTypeLabel(b), 'en');
  });
  const sortedDest = [...destinations.values()].sort(
    (a, b) => a.rank - b.rank || a.label.localeCompare(b.label, 'en') || a.key.localeCompare(b.key, 'en'),
  );
  const typeIndex = new Map(sortedTypes.map((t, i) => [t, i]));
  const destIndex = new Map(sortedDest.map((d, i) => [d.key, i]));
  const sortedEdges = [...edges.values()]
    .map((e) => ({ ...e, ruleIds: [...e.ruleIds].sort(), severities: [...e.severities].sort() }))
    .sort((a, b) => typeIndex.get(a.type)! - typeIndex.get(b.type)! || destIndex.get(a.destination)! - destIndex.get(b.destination)!);
  return { types: sortedTypes, destinations: sortedDest, edges: sortedEdges };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

const WIDTH = 960;
const NODE_W = 250;
const NODE_H = 44;
const GAP = 14;
const TOP = 46;
/** Vertical room per edge where edges meet a node, so that count tags never overlap. */
const PORT = 22;

interface Column<K> {
  top: Map<K, number>;
  height: Map<K, number>;
  total: number;
}

function layoutColumn<K>(keys: K[], degree: (k: K) => number): Column<K> {
  const top = new Map<K, number>();
  const height = new Map<K, number>();
  let y = 0;
  for (const k of keys) {
    const h = Math.max(NODE_H, degree(k) * PORT + 8);
    top.set(k, y);
    height.set(k, h);
    y += h + GAP;
  }
  return { top, height, total: Math.max(0, y - GAP) };
}

/** Spreads `n` ports evenly over a node's height; returns the y of port i. */
function portY(nodeTop: number, nodeH: number, i: number, n: number): number {
  return nodeTop + (nodeH * (i + 1)) / (n + 1);
}

/**
 * Draws the map as an accessible SVG (role="img" with title and desc). Each edge is a `<g class="edge">`
 * carrying data-type, data-destination, data-count, data-status, data-statuses, data-rules and
 * data-severities, so that a test (or the page's filters) can match it against the findings.
 */
export function renderDataflowSvg(map: DataflowMap, idPrefix = 'map'): string {
  const outDegree = (t: string) => map.edges.filter((e) => e.type === t).length;
  const inDegree = (d: string) => map.edges.filter((e) => e.destination === d).length;
  const left = layoutColumn(map.types, outDegree);
  const right = layoutColumn(map.destinations.map((d) => d.key), inDegree);
  const bodyH = Math.max(left.total, right.total, NODE_H);
  const leftOff = TOP + (bodyH - left.total) / 2;
  const rightOff = TOP + (bodyH - right.total) / 2;
  const height = TOP + bodyH + 12;
  const rightX = WIDTH - NODE_W;
  const destIndex = new Map(map.destinations.map((d, i) => [d.key, i]));
  const typeIndex = new Map(map.types.map((t, i) => [t, i]));
  // Ports are ordered by the other end's position, which keeps edges from crossing at the nodes.
  const srcPort = new Map<MapEdge, number>();
  const dstPort = new Map<MapEdge, number>();
  for (const t of map.types) {
    const out = map.edges.filter((e) => e.type === t).sort((a, b) => destIndex.get(a.destination)! - destIndex.get(b.destination)!);
    out.forEach((e, i) => srcPort.set(e, portY(leftOff + left.top.get(t)!, left.height.get(t)!, i, out.length)));
  }
  for (const d of map.destinations) {
    const inc = map.edges.filter((e) => e.destination === d.key).sort((a, b) => typeIndex.get(a.type)! - typeIndex.get(b.type)!);
    inc.forEach((e, i) => dstPort.set(e, portY(rightOff + right.top.get(d.key)!, right.height.get(d.key)!, i, inc.length)));
  }
  const maxCount = Math.max(1, ...map.edges.map((e) => e.count));

  const titleId = `${idPrefix}-title`;
  const descId = `${idPrefix}-desc`;
  const describe = map.edges.length === 0
    ? 'No health data reaches any destination.'
    : map.edges.map((e) => {
        const d = map.destinations.find((x) => x.key === e.destination)!;
        return `${healthTypeLabel(e.type)} to ${d.label} (${d.sublabel}): ${e.count} finding${e.count === 1 ? '' : 's'}, ${STATUS_LABEL[e.status].toLowerCase()}`;
      }).join('; ') + '.';

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="dataflow-map" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="${titleId} ${descId}" preserveAspectRatio="xMidYMin meet">`);
  out.push(`<title id="${titleId}">Data-flow map: where each kind of health data goes</title>`);
  out.push(`<desc id="${descId}">${esc(describe)}</desc>`);
  out.push(`<text class="col-head" x="0" y="20">HealthKit data (${map.types.length})</text>`);
  out.push(`<text class="col-head" x="${WIDTH}" y="20" text-anchor="end">Destinations (${map.destinations.length})</text>`);

  out.push('<g class="edges">');
  for (const e of map.edges) {
    const y1 = srcPort.get(e)!;
    const y2 = dstPort.get(e)!;
    const x1 = NODE_W;
    const x2 = rightX - 22;
    const mid = (x1 + x2) / 2;
    const style = STATUS_STYLE[e.status];
    const width = 2.5 + 4.5 * Math.sqrt(e.count / maxCount);
    const statuses = STATUS_ORDER.filter((s) => e.statusCounts[s]).map((s) => `${s}:${e.statusCounts[s]}`).join(' ');
    const dest = map.destinations.find((x) => x.key === e.destination)!;
    const label = String(e.count);
    const bw = 14 + label.length * 7;
    out.push(
      `<g class="edge" data-type="${esc(e.type)}" data-destination="${esc(e.destination)}" data-count="${e.count}" data-status="${e.status}" data-statuses="${statuses}" data-rules="${esc(e.ruleIds.join(' '))}" data-severities="${e.severities.join(' ')}">`,
      `<title>${esc(`${healthTypeLabel(e.type)} → ${dest.label}: ${e.count} finding${e.count === 1 ? '' : 's'} (${statuses.replace(/:/g, ' ')})`)}</title>`,
      `<path d="M${x1} ${y1.toFixed(1)} C${mid} ${y1.toFixed(1)} ${mid} ${y2.toFixed(1)} ${x2} ${y2.toFixed(1)}" fill="none" stroke="${style.color}" stroke-width="${width.toFixed(1)}"${style.dash ? ` stroke-dasharray="${style.dash}" stroke-linecap="butt"` : ' stroke-linecap="round"'} opacity="0.9"/>`,
      `<rect x="${(x2 - 2).toFixed(1)}" y="${(y2 - 8).toFixed(1)}" width="${bw}" height="16" rx="8" fill="${style.color}"/>`,
      `<text x="${(x2 - 2 + bw / 2).toFixed(1)}" y="${(y2 + 4).toFixed(1)}" text-anchor="middle" class="edge-count" fill="#fff">${label}</text>`,
      '</g>',
    );
  }
  out.push('</g>');

  out.push('<g class="nodes types">');
  for (const t of map.types) {
    const h = left.height.get(t)!;
    const y = leftOff + left.top.get(t)!;
    const cy = y + h / 2;
    const sub = t === UNSPECIFIED_TYPE ? 'type not resolved statically' : t;
    out.push(
      `<g class="node type-node" data-type="${esc(t)}">`,
      `<rect x="0" y="${y.toFixed(1)}" width="${NODE_W}" height="${h}" rx="6" class="node-box"/>`,
      `<text x="12" y="${(cy - 3).toFixed(1)}" class="node-label">${esc(truncate(healthTypeLabel(t), 30))}</text>`,
      `<text x="12" y="${(cy + 13).toFixed(1)}" class="node-sub">${esc(truncate(sub, 40))}</text>`,
      '</g>',
    );
  }
  out.push('</g><g class="nodes destinations">');
  for (const d of map.destinations) {
    const h = right.height.get(d.key)!;
    const y = rightOff + right.top.get(d.key)!;
    const cy = y + h / 2;
    out.push(
      `<g class="node dest-node dest-${d.kind}${d.rank === 0 ? ' dest-harmful' : ''}" data-destination="${esc(d.key)}">`,
      `<rect x="${rightX}" y="${y.toFixed(1)}" width="${NODE_W}" height="${h}" rx="6" class="node-box"/>`,
      `<rect x="${rightX}" y="${y.toFixed(1)}" width="5" height="${h}" class="node-accent"/>`,
      `<text x="${rightX + 16}" y="${(cy - 3).toFixed(1)}" class="node-label">${esc(truncate(d.label, 28))}</text>`,
      `<text x="${rightX + 16}" y="${(cy + 13).toFixed(1)}" class="node-sub">${esc(truncate(d.sublabel, 38))}</text>`,
      '</g>',
    );
  }
  out.push('</g></svg>');
  return out.join('\n');
}
