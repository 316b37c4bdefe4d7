import { builder } from '../builder.js';
import { NotFoundError, ValidationError } from '../../../events/errors.js';
import type { MetricsSnapshot, MinuteMetrics, MetricScope } from '../../servers/metrics.js';
import { principalOf } from './teams.js';

const Scope = builder.enumType('MetricScope', { values: ['tool', 'server', 'gateway'] as const });


const Snapshot = builder.objectRef<MetricsSnapshot>('CallMetrics').implement({
  description: 'Tool calls counted by outcome; latencies in milliseconds (p95 read from a histogram: the upper bound of its bucket)',
  fields: (t) => ({
    calls: t.exposeInt('calls'),
    failures: t.exposeInt('failures', { description: 'transportFailures + rpcFailures + toolErrors' }),
    transportFailures: t.exposeInt('transportFailures', { description: 'The upstream unreachable, dropped or timed out' }),
    rpcFailures: t.exposeInt('rpcFailures', { description: 'The upstream answered a JSON-RPC error' }),
    toolErrors: t.exposeInt('toolErrors', { description: 'A result with isError' }),
    latencyMinMs: t.exposeFloat('latencyMinMs'),
    latencyAvgMs: t.exposeFloat('latencyAvgMs'),
    latencyMaxMs: t.exposeFloat('latencyMaxMs'),
    latencyP95Ms: t.exposeFloat('latencyP95Ms'),
    lastCallAt: t.field({ type: 'DateTime', nullable: true, resolve: (m) => m.lastCallAt }),
  }),
});

const Minute = builder.objectRef<MinuteMetrics>('MinuteCallMetrics').implement({
  fields: (t) => ({
    minute: t.field({ type: 'DateTime', resolve: (m) => m.minute }),
    metrics: t.field({ type: Snapshot, resolve: (m) => m }),
  }),
});

const Report = builder.objectRef<{ totals: MetricsSnapshot; minutes: MinuteMetrics[] }>('MetricsReport').implement({
  fields: (t) => ({
    totals: t.field({ type: Snapshot, resolve: (r) => r.totals }),
    minutes: t.field({ type: [Minute], description: 'Per-minute buckets in the range, kept METRICS_RETENTION_DAYS', resolve: (r) => r.minutes }),
  }),
});

builder.queryFields((t) => ({
  metrics: t.field({
    type: Report,
    description: 'Call metrics of a tool, virtual server or gateway you may see: totals and per-minute buckets from `from` (default: an hour ago) to `to` (default: now)',
    authScopes: { authenticated: true },
    args: { scope: t.arg({ type: Scope, required: true }), id: t.arg.id({ required: true }), from: t.arg({ type: 'DateTime' }), to: t.arg({ type: 'DateTime' }) },
    resolve: async (_r, a, ctx) => {
      const p = principalOf(ctx);
      const id = String(a.id);
      const s = ctx.services;
      const scope = a.scope as MetricScope;
      const visible =
        scope === 'tool' ? await s.serverQueries.catalogItem(p, 'tools', 'id', id) : scope === 'server' ? await s.serverQueries.server(p, id) : await s.gatewayQueries.gateway(p, id);
      if (!visible) throw new NotFoundError(scope === 'tool' ? 'Tool' : scope === 'server' ? 'Server' : 'Gateway');
      const to = a.to ? new Date(a.to) : s.clock.now();
      const from = a.from ? new Date(a.from) : new Date(to.getTime() - 3_600_000);
      if (from > to) throw new ValidationError('from must not be after to', { field: 'from' });
      // Counted calls are written every few seconds; a read includes the ones not written yet.
      await s.metrics.flush();
      return s.metrics.read(scope, id, from, to);
    },
  }),
}));
