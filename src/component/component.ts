/** The component contract: lifecycle, create settings, one factory shape per kind, storage extensions. */
import type { Decoder } from '../config/schema';
import type { ConfigIssue } from '../config/issue';
import type { Consumer, LogRecord, LogsConsumer, Signal, Span, TracesConsumer } from '../consumer/consumer';
import type { Logger } from '../telemetry/logger';
import type { Metrics } from '../telemetry/metrics';

export type Kind = 'receiver' | 'processor' | 'exporter' | 'extension';
export type Stability = 'development' | 'alpha' | 'beta' | 'stable';

/**
 * Lifecycle every component follows: `start` once, `shutdown` at most once effectively.
 * `shutdown` must be safe before `start` and when called twice, because the collector
 * shuts down whatever it managed to create when startup fails half way.
 */
export interface Component {
  start(host: Host): Promise<void>;
  shutdown(): Promise<void>;
}

/** What a running component can reach: the extensions (for storage) and the process-wide telemetry. */
export interface Host {
  getExtension(id: string): Component | undefined;
  /** The collector's state, for health reporting. */
  status?(): CollectorStatus;
  /**
   * Aborted when the collector begins to shut down, before any component's shutdown: a stage
   * that makes callers wait (an exporter retrying a delivery they wait for) stops waiting then.
   */
  readonly stopping?: AbortSignal;
}

export type CollectorStatus = 'starting' | 'running' | 'stopping' | 'stopped';

/** Set by code, not by users: identity and telemetry of one component instance. */
export interface CreateSettings {
  /** `type[/name]` as written in the config. */
  id: string;
  kind: Kind;
  logger: Logger;
  metrics: Metrics;
  /** For a processor: the id of the pipeline this instance serves (one instance per pipeline). */
  pipeline?: string;
}

interface FactoryBase<C> {
  /** The config type id, lower_snake_case (`otlp_http`). */
  type: string;
  /** Old spellings accepted with a deprecation warning (`otlphttp`). */
  aliases?: string[];
  stability: Stability;
  /** Strict decoder, and the source of the config's type: unknown keys and wrong types are reported with their path. */
  config: Decoder<C, boolean>;
  /** Checks that span several keys; paths are relative to the component (`""` for the whole). */
  validate?(config: C): ConfigIssue[];
  /**
   * Extension ids the config refers to (a `storage` key), with the key's path relative to the
   * component, so that validation reports a dangling or unstarted extension before anything runs.
   */
  extensionRefs?(config: C): { path: string; id: string }[];
}

export interface ReceiverConsumers {
  traces?: TracesConsumer;
  logs?: LogsConsumer;
}

export interface ReceiverFactory<C = any> extends FactoryBase<C> {
  kind: 'receiver';
  signals: Signal[];
  /** One instance per receiver id; `next` holds a consumer for each signal some pipeline takes from it. */
  create(set: CreateSettings, config: C, next: ReceiverConsumers): Component;
}

export interface Processor<T> extends Component, Consumer<T> {}

/** What flows through a pipeline of either signal; processors that look at items see these fields. */
export type Item = Span | LogRecord;

export interface ProcessorFactory<C = any> extends FactoryBase<C> {
  kind: 'processor';
  signals: Signal[];
  /**
   * One instance per pipeline that lists it. `signal` names what `next` carries, for the
   * processors whose work or metric names depend on it; most are generic over the item.
   */
  create<T extends Item>(set: CreateSettings, config: C, next: Consumer<T>, signal: Signal): Processor<T>;
}

export interface Exporter extends Component {
  traces?: TracesConsumer;
  logs?: LogsConsumer;
}

export interface ExporterFactory<C = any> extends FactoryBase<C> {
  kind: 'exporter';
  signals: Signal[];
  /** One instance per exporter id, shared by every pipeline that lists it. */
  create(set: CreateSettings, config: C, signals: Signal[]): Exporter;
}

export interface ExtensionFactory<C = any> extends FactoryBase<C> {
  kind: 'extension';
  create(set: CreateSettings, config: C): Component;
}

export type Factory = ReceiverFactory | ProcessorFactory | ExporterFactory | ExtensionFactory;

/** The factory type of one kind: `FactoryOf<'exporter'>` is `ExporterFactory`. */
export type FactoryOf<K extends Kind> = Extract<Factory, { kind: K }>;

/** What a component's factory.ts writes: everything but `kind`, which `define…` sets. */
type Definition<F extends { kind: Kind }> = Omit<F, 'kind'>;

/** Each `define…` returns one typed factory object; its config type comes from its `config` decoder. */
export const defineReceiver = <C>(f: Definition<ReceiverFactory<C>>): ReceiverFactory<C> => ({ ...f, kind: 'receiver' });
export const defineProcessor = <C>(f: Definition<ProcessorFactory<C>>): ProcessorFactory<C> => ({ ...f, kind: 'processor' });
export const defineExporter = <C>(f: Definition<ExporterFactory<C>>): ExporterFactory<C> => ({ ...f, kind: 'exporter' });
export const defineExtension = <C>(f: Definition<ExtensionFactory<C>>): ExtensionFactory<C> => ({ ...f, kind: 'extension' });

/** Extensions that persist bytes implement this (file_storage); receivers and queues look it up by id. */
export interface StorageExtension extends Component {
  /** A key-value client scoped to one component, so ids are persistence keys. */
  client(kind: Kind, componentId: string, name?: string): Promise<StorageClient>;
}

export interface StorageClient {
  get(key: string): Promise<Buffer | undefined>;
  /** Durable when the promise resolves (fsync), so a checkpoint survives a crash. */
  set(key: string, value: Buffer): Promise<void>;
  delete(key: string): Promise<void>;
  /** All keys with the prefix, in sorted order. */
  keys(prefix?: string): Promise<string[]>;
  close(): Promise<void>;
}

export function isStorageExtension(c: Component | undefined): c is StorageExtension {
  return !!c && typeof (c as StorageExtension).client === 'function';
}
