import type { Client } from 'discord.js';
import { metricsRegistry } from '../plugin-kit/metrics';
import { gatewayRate, shardLabel } from './collectors';

/** A series as `getMetricsAsJSON()` gives it; histograms name their `_bucket`, `_sum` and `_count` series. */
interface Entry {
  value: number;
  labels: Record<string, string | number | undefined>;
  metricName?: string;
}
type Values = Entry[];

/** One line per topic of the `/metrics` summary: what an operator checks first, from the same registry. */
export interface MetricsSummary {
  process: string;
  commands: string;
  gateway: string;
  rest: string;
  tasks: string;
  database: string;
  /** Histograms plugins declared (`bot_<plugin>_…`), one line each; empty when none observed anything. */
  plugins: string[];
}

/** The core's own metrics; any other `bot_` histogram is a plugin's and is listed under plugins. */
const CORE_PREFIXES = ['bot_command', 'bot_gateway', 'bot_discord', 'bot_task', 'bot_db', 'bot_guilds'];

export async function summarizeMetrics(client: Client): Promise<MetricsSummary> {
  const json = (await metricsRegistry.getMetricsAsJSON()) as unknown as {
    name: string;
    type: string;
    values: Values;
  }[];
  const metrics = new Map(json.map((metric) => [metric.name, metric]));
  const values = (name: string): Values => metrics.get(name)?.values ?? [];
  const single = (name: string) => values(name)[0]?.value;
  const sumBy = (name: string, label: string) => {
    const totals = new Map<string, number>();
    for (const { labels, value } of values(name)) {
      const key = String(labels[label] ?? '');
      totals.set(key, (totals.get(key) ?? 0) + value);
    }
    return totals;
  };

  const lagP99 = single('nodejs_eventloop_lag_p99_seconds');
  const rss = single('process_resident_memory_bytes');
  const processLine = [
    `shard ${shardLabel(client)}`,
    `event-loop lag p99 ${lagP99 === undefined ? 'n/a' : seconds(lagP99)}`,
    rss === undefined ? undefined : `memory ${Math.round(rss / 1024 / 1024)} MB`,
  ]
    .filter(Boolean)
    .join(' · ');

  const outcomes = sumBy('bot_commands_total', 'outcome');
  const runs = [...outcomes.values()].reduce((a, b) => a + b, 0);
  const byCommand = histogramsBy(values('bot_command_duration_seconds'), 'command');
  const busiest = [...byCommand.entries()]
    .sort((a, b) => b[1].count - a[1].count)
    .slice(0, 5)
    .map(([name, h]) => `${name} ${h.count}× avg ${seconds(h.sum / h.count)}`);
  const commandsLine =
    runs === 0
      ? 'none run yet'
      : `${runs} run (${[...outcomes.entries()].map(([outcome, count]) => `${count} ${outcome}`).join(', ')})` +
        (busiest.length > 0 ? `; busiest: ${busiest.join(', ')}` : '');

  const gatewayLine = `${gatewayRate.perSecond().toFixed(1)} events/s over the last minute · ${client.guilds.cache.size} guilds`;

  const tooMany = total(values('bot_discord_rest_429_total'));
  const waits = total(values('bot_discord_rest_rate_limit_waits_total'));
  const restLine = `${tooMany} responses 429 · ${waits} waits for a rate limit`;

  const depth = sumBy('bot_task_queue_jobs', 'state');
  const taskOutcomes = sumBy('bot_task_runs_total', 'outcome');
  const lateness = histogramsBy(values('bot_task_lateness_seconds'), '');
  const late = lateness.get('');
  const tasksLine = [
    depth.size > 0
      ? [...depth.entries()].map(([state, count]) => `${count} ${state}`).join(' · ')
      : 'queue unreachable',
    `${taskOutcomes.get('success') ?? 0} run, ${taskOutcomes.get('error') ?? 0} failed`,
    late && late.count > 0
      ? `lateness avg ${seconds(late.sum / late.count)}, p99 ≤ ${seconds(quantile(late, 0.99))}`
      : undefined,
  ]
    .filter(Boolean)
    .join(' · ');

  const pool = sumBy('bot_db_pool_connections', 'state');
  const max = single('bot_db_pool_max');
  const databaseLine =
    pool.size > 1
      ? `pool ${pool.get('total')}/${max} open, ${pool.get('idle')} idle, ${pool.get('waiting')} queries waiting`
      : 'embedded PGlite (one connection)';

  const plugins: string[] = [];
  for (const [name, metric] of metrics) {
    if (!name.startsWith('bot_') || metric.type !== 'histogram' || CORE_PREFIXES.some((p) => name.startsWith(p))) {
      continue;
    }
    const all = histogramsBy(metric.values, '').get('');
    if (all && all.count > 0) plugins.push(`${name}: ${all.count} observed, avg ${round(all.sum / all.count)}`);
  }

  return {
    process: processLine,
    commands: commandsLine,
    gateway: gatewayLine,
    rest: restLine,
    tasks: tasksLine,
    database: databaseLine,
    plugins,
  };
}

interface HistogramTotals {
  count: number;
  sum: number;
  /** Cumulative count per upper bound, ascending. */
  buckets: Map<number, number>;
}

/** A histogram's series added up per value of `label` (`''`: all together). */
function histogramsBy(values: Values, label: string): Map<string, HistogramTotals> {
  const result = new Map<string, HistogramTotals>();
  for (const entry of values) {
    const key = label ? String(entry.labels[label] ?? '') : '';
    let totals = result.get(key);
    if (!totals) result.set(key, (totals = { count: 0, sum: 0, buckets: new Map() }));
    const name = entry.metricName ?? '';
    if (name.endsWith('_count')) totals.count += entry.value;
    else if (name.endsWith('_sum')) totals.sum += entry.value;
    else if (name.endsWith('_bucket')) {
      const le = entry.labels.le === '+Inf' ? Infinity : Number(entry.labels.le);
      totals.buckets.set(le, (totals.buckets.get(le) ?? 0) + entry.value);
    }
  }
  return result;
}

/** The upper bound of the bucket holding quantile `q`: "p99 ≤ this". */
function quantile(totals: HistogramTotals, q: number): number {
  const wanted = totals.count * q;
  for (const [le, cumulative] of [...totals.buckets.entries()].sort((a, b) => a[0] - b[0])) {
    if (cumulative >= wanted) return le;
  }
  return Infinity;
}

function total(values: Values): number {
  return values.reduce((sum, { value }) => sum + value, 0);
}

function seconds(value: number): string {
  if (!Number.isFinite(value)) return 'more than the largest bucket';
  return value < 1 ? `${Math.round(value * 1000)} ms` : `${value.toFixed(2)} s`;
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}
