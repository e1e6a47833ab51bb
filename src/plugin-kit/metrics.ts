import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
  type Metric,
} from 'prom-client';

/**
 * The process's Prometheus registry: the core's metrics and those plugins declare with {@link counter},
 * {@link gauge} and {@link histogram}. One per process, like Sapphire's stores; `/metrics` serves it. Every series
 * carries a `shard` label (the shards this process runs), set by the core once the client exists.
 */
export const metricsRegistry = new Registry();

/** Durations of things people wait for (commands, flushes, jobs), in seconds. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type WithoutRegisters<T> = Omit<T, 'registers'>;

/**
 * Declares a counter in the bot's registry, or returns the one already declared under that name (setup may run
 * again in a test process). Name it `bot_<plugin>_…_total`; keep label values few (names, outcomes — never ids).
 */
export function counter<Label extends string>(config: WithoutRegisters<CounterConfiguration<Label>>): Counter<Label> {
  return existing(config.name, Counter) ?? new Counter({ ...config, registers: [metricsRegistry] });
}

/** Declares a gauge (a value that goes up and down; `collect` can set it when scraped). See {@link counter}. */
export function gauge<Label extends string>(config: WithoutRegisters<GaugeConfiguration<Label>>): Gauge<Label> {
  return existing(config.name, Gauge) ?? new Gauge({ ...config, registers: [metricsRegistry] });
}

/** Declares a histogram (durations in seconds, sizes). See {@link counter}. */
export function histogram<Label extends string>(
  config: WithoutRegisters<HistogramConfiguration<Label>>,
): Histogram<Label> {
  return existing(config.name, Histogram) ?? new Histogram({ ...config, registers: [metricsRegistry] });
}

function existing<T extends Metric>(name: string, kind: abstract new (...args: never[]) => T): T | undefined {
  const metric = metricsRegistry.getSingleMetric(name);
  if (!metric) return undefined;
  if (!(metric instanceof kind)) throw new Error(`Metric ${name} is already declared as another kind.`);
  return metric;
}
