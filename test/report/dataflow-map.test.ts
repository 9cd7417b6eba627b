import { describe, expect, it } from 'vitest';
import { UNSPECIFIED_TYPE, buildDataflowMap, describeDestination, healthTypeLabel, renderDataflowSvg } from '../../src/report/dataflow-map.js';
import { GLUCOSE, HR, STEP_COUNT, buildFixtureResult } from './fixture-result.js';

describe('data-flow map model', () => {
  const result = buildFixtureResult();
  const map = buildDataflowMap(result.findings);

  it('has one edge per (health type, destination) and leaves configuration and inventory findings off the map', () => {
    expect(result.findings.some((f) => f.recipient && !f.flow)).toBe(true);
    const flowFindings = result.findings.filter((f) => f.flow?.length);
    const total = flowFindings.reduce((n, f) => n + Math.max(1, f.healthTypes.length), 0);
    expect(map.edges.reduce((n, e) => n + e.count, 0)).toBe(total);
    const keys = map.edges.map((e) => `${e.type}|${e.destination}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(map.edges.every((e) => e.ruleIds.every((r) => r.startsWith('health-data-to-')))).toBe(true);
  });

  it('colours an edge by its most urgent status and keeps the breakdown', () => {
    const hrToFirstParty = map.edges.find((e) => e.type === HR && e.destination === 'network:network-first-party:api.pulsetrack.app');
    expect(hrToFirstParty).toMatchObject({ count: 1, status: 'open' });
    const mixed = buildDataflowMap([
      { ...result.findings.find((f) => f.status === 'suppressed' && f.recipient)!, fingerprint: 'a' },
      { ...result.findings.find((f) => f.status === 'suppressed' && f.recipient)!, status: 'consented', fingerprint: 'b' },
    ]);
    expect(mixed.edges).toHaveLength(1);
    expect(mixed.edges[0]).toMatchObject({ count: 2, status: 'consented', statusCounts: { consented: 1, suppressed: 1 } });
  });

  it('puts findings without resolved types under an unspecified node, last', () => {
    expect(map.types[map.types.length - 1]).toBe(UNSPECIFIED_TYPE);
    expect(map.edges.find((e) => e.type === UNSPECIFIED_TYPE)?.destination).toBe('clipboard:clipboard:');
  });

  it('orders destinations with advertising first and names each by vendor or host', () => {
    expect(map.destinations[0]).toMatchObject({ label: 'Meta', sublabel: 'advertising SDK', kind: 'sdk' });
    expect(describeDestination({ kind: 'network', host: 'api.x.app', category: 'network-first-party' })).toMatchObject({ label: 'api.x.app', sublabel: 'first-party server' });
    expect(describeDestination({ kind: 'network', category: 'network-third-party' }).label).toBe('Unresolved host');
  });

  it('labels HealthKit identifiers in plain words', () => {
    expect(healthTypeLabel(HR)).toBe('Heart rate');
    expect(healthTypeLabel(STEP_COUNT)).toBe('Step count');
    expect(healthTypeLabel(GLUCOSE)).toBe('Blood glucose');
    expect(healthTypeLabel('HKQuantityTypeIdentifierVO2Max')).toBe('VO2 max');
    expect(healthTypeLabel('HKCategoryTypeIdentifierSleepAnalysis')).toBe('Sleep analysis');
    expect(healthTypeLabel('HKWorkoutTypeIdentifier')).toBe('Workout');
  });

  it('renders an accessible SVG whose edges carry their data', () => {
    const svg = renderDataflowSvg(map);
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="map-title map-desc"/);
    expect(svg).toContain('<title id="map-title">');
    expect(svg.match(/<g class="edge" /g)).toHaveLength(map.edges.length);
    for (const e of map.edges) {
      expect(svg).toContain(`data-type="${e.type}" data-destination="${e.destination}" data-count="${e.count}" data-status="${e.status}"`);
    }
    expect(renderDataflowSvg(buildDataflowMap([]))).toContain('No health data reaches any destination.');
  });
});
