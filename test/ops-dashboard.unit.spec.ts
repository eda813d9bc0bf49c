import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectDefaultMetrics, register } from 'prom-client';
// Loading these modules registers the service metrics, as in a running service.
import '@crm/event-store';
import '@crm/messaging';
import '@crm/platform';

interface Panel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly targets?: readonly { readonly expr: string }[];
}

const dashboard = JSON.parse(
  readFileSync(join(__dirname, '..', 'deploy/grafana/crm-services.json'), 'utf8'),
) as { uid: string; panels: Panel[] };

/** The metric names a PromQL expression reads that the services themselves export. */
const ownMetrics = (expr: string): string[] =>
  [...expr.matchAll(/\b((?:crm|nodejs|process)_[a-z0-9_]+)\b/g)].map((match) =>
    match[1]!.replace(/_(bucket|count|sum)$/, ''),
  );

describe('the Grafana dashboard (deploy/grafana/crm-services.json)', () => {
  beforeAll(() => {
    if (!register.getSingleMetric('process_cpu_seconds_total')) collectDefaultMetrics();
  });

  it('reads only metrics the services export', () => {
    const used = new Set(
      dashboard.panels.flatMap((panel) => (panel.targets ?? []).flatMap((target) => ownMetrics(target.expr))),
    );
    expect(used.size).toBeGreaterThanOrEqual(6);
    const missing = [...used].filter((name) => register.getSingleMetric(name) === undefined);
    expect(missing).toEqual([]);
  });

  it('has a query in every panel and unique panel ids', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect({ title: panel.title, queries: panel.targets?.length ?? 0 }).not.toEqual({
        title: panel.title,
        queries: 0,
      });
    }
    expect(dashboard.uid).toBe('crm-services');
  });
});
