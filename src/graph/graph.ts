/** `service.pipelines` → the running components, wired consumer to consumer, in start order. */
import type { Component, CreateSettings, Exporter, Kind, ReceiverConsumers } from '../component/component';
import type { CollectorConfig, ComponentConfig } from '../config/model';
import type { Consumer, LogRecord, Signal, Span } from '../consumer/consumer';
import { fanout } from '../consumer/fanout';
import { processorCounters } from '../processorhelper/metrics';
import type { Logger } from '../telemetry/logger';
import type { Metrics } from '../telemetry/metrics';

export interface Node {
  /** `receiver/datadog`, `processor/batch@traces/app`: unique within a graph. */
  key: string;
  kind: Kind;
  id: string;
  component: Component;
}

/**
 * The running shape of `service.pipelines`: one instance per extension, exporter and receiver id,
 * one processor instance per pipeline. `startOrder` is extensions, exporters, processors (last
 * of each pipeline first), receivers; shutdown walks it backwards so each stage drains into the next.
 */
export interface Graph {
  startOrder: Node[];
  extensions: Map<string, Component>;
}

export function buildGraph(cfg: CollectorConfig, logger: Logger, metrics: Metrics): Graph {
  const settings = (kind: Kind, id: string): CreateSettings => ({ id, kind, logger: logger.child({ kind, id }), metrics });
  const extensions = new Map<string, Component>();
  const extNodes: Node[] = [];
  for (const id of cfg.service.extensions) {
    const cc = cfg.extensions.get(id)!;
    const c = cc.factory.create(settings('extension', cc.id), cc.config);
    extensions.set(cc.id, c);
    if (cc.id !== id) extensions.set(id, c);
    extNodes.push({ key: `extension/${cc.id}`, kind: 'extension', id: cc.id, component: c });
  }

  const pipelines = [...cfg.service.pipelines.values()];
  const exporters = new Map<string, Exporter>();
  const expNodes: Node[] = [];
  const exporterSignals = new Map<string, Set<Signal>>();
  for (const p of pipelines) for (const e of p.exporters) {
    const key = cfg.exporters.get(e)!.id;
    (exporterSignals.get(key) ?? exporterSignals.set(key, new Set()).get(key)!).add(p.signal);
  }
  const exporterFor = (id: string): Exporter => {
    const cc = cfg.exporters.get(id)!;
    let ex = exporters.get(cc.id);
    if (!ex) {
      ex = cc.factory.create(settings('exporter', cc.id), cc.config, [...exporterSignals.get(cc.id)!]);
      exporters.set(cc.id, ex);
      expNodes.push({ key: `exporter/${cc.id}`, kind: 'exporter', id: cc.id, component: ex });
    }
    return ex;
  };

  const procNodes: Node[] = [];
  const receiverInputs = new Map<string, { cc: ComponentConfig<'receiver'>; traces: Consumer<Span>[]; logs: Consumer<LogRecord>[] }>();
  for (const p of pipelines) {
    const sinks = p.exporters.map((e) => {
      const consumer = exporterFor(e)[p.signal];
      if (!consumer) throw new Error(`exporter "${e}" created no ${p.signal} consumer`);
      return consumer as Consumer<any>;
    });
    let next: Consumer<any> = fanout(sinks);
    const created: Node[] = [];
    for (const pid of [...p.processors].reverse()) {
      const cc = cfg.processors.get(pid)!;
      const counters = processorCounters(metrics, cc.id, p.id, p.signal);
      const set = settings('processor', cc.id);
      set.logger = set.logger.child({ pipeline: p.id });
      set.pipeline = p.id;
      const proc = cc.factory.create(set, cc.config, counters.wrapOutgoing(next), p.signal);
      created.unshift({ key: `processor/${cc.id}@${p.id}`, kind: 'processor', id: cc.id, component: proc });
      next = counters.wrapIncoming(proc);
    }
    // Start the last processor of a pipeline first, so nothing is fed into a stage that is not running.
    procNodes.push(...[...created].reverse());
    for (const r of p.receivers) {
      const cc = cfg.receivers.get(r)!;
      const entry = receiverInputs.get(cc.id) ?? { cc, traces: [], logs: [] };
      entry[p.signal].push(next);
      receiverInputs.set(cc.id, entry);
    }
  }

  const recvNodes: Node[] = [];
  for (const [id, { cc, traces, logs }] of receiverInputs) {
    const next: ReceiverConsumers = {};
    if (traces.length) next.traces = fanout(traces);
    if (logs.length) next.logs = fanout(logs);
    const c = cc.factory.create(settings('receiver', id), cc.config, next);
    recvNodes.push({ key: `receiver/${id}`, kind: 'receiver', id, component: c });
  }
  return { startOrder: [...extNodes, ...expNodes, ...procNodes, ...recvNodes], extensions };
}
