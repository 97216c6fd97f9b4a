/** Merged YAML → CollectorConfig: ids, types, strict decoding, cross-references; every problem at once. */
import type { Kind } from '../component/component';
import type { Registry } from '../component/registry';
import { SIGNALS, type Signal } from '../consumer/consumer';
import { type ConfigIssue, joinPath } from './issue';
import { SECTION_KINDS, type CollectorConfig, type ComponentConfig, type PipelineConfig, type Section, type Sections } from './model';
import * as s from './schema';
import { didYouMean } from './suggest';

const TOP_KEYS = ['receivers', 'processors', 'exporters', 'extensions', 'connectors', 'service'];
const ID_TYPE = /^[a-zA-Z][a-zA-Z0-9_]{0,62}$/;
const ID_NAME = /^[^\s\p{C}/]+$/u;

const telemetrySchema = s.object({
  logs: s.object({
    level: s.oneOf(['debug', 'info', 'warn', 'error'] as const).def('info'),
    encoding: s.oneOf(['json', 'console'] as const).def('json'),
  }),
  metrics: s.object({
    address: s.hostPort('127.0.0.1:8888').def('127.0.0.1:8888'),
    level: s.oneOf(['none', 'basic', 'normal', 'detailed'] as const).def('normal'),
  }),
});

const pipelineSchema = s.object({
  receivers: s.list(s.string()).def([]),
  processors: s.list(s.string()).def([]),
  exporters: s.list(s.string()).def([]),
});

const serviceSchema = s.object({
  extensions: s.list(s.string()).def([]),
  pipelines: s.map(pipelineSchema).def({}),
  telemetry: telemetrySchema,
});

export interface ResolveResult {
  config?: CollectorConfig;
  issues: ConfigIssue[];
  warnings: string[];
}

function isMap(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Turns the merged YAML into a CollectorConfig: each component id is checked, its type found
 * in the registry, its config decoded strictly, and the service section cross-checked.
 * Every problem is collected; nothing stops at the first.
 */
export function resolveConfig(raw: unknown, registry: Registry): ResolveResult {
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  if (!isMap(raw) || Object.keys(raw).length === 0) {
    return { issues: [{ path: '', message: 'empty configuration: define receivers, exporters and service::pipelines' }], warnings };
  }
  for (const k of Object.keys(raw)) {
    if (!TOP_KEYS.includes(k)) {
      issues.push({ path: k, message: `unknown top-level section${didYouMean(k, TOP_KEYS)} (valid sections: ${TOP_KEYS.join(', ')})` });
    }
  }
  const section = <S extends Section>(name: S) => resolveSection(name, SECTION_KINDS[name], raw[name], registry, issues, warnings);
  const sections: Sections = {
    receivers: section('receivers'),
    processors: section('processors'),
    exporters: section('exporters'),
    extensions: section('extensions'),
  };
  // Ids that are written in the config but failed to resolve: already reported, so references
  // to them are not reported again as "not configured".
  const broken = new Set<string>();
  for (const section of Object.keys(SECTION_KINDS) as Section[]) {
    if (isMap(raw[section])) {
      for (const id of Object.keys(raw[section] as object)) if (!sections[section].has(id)) broken.add(`${section}/${id}`);
    }
  }
  if (raw.connectors !== undefined && raw.connectors !== null && !isMap(raw.connectors)) {
    issues.push({ path: 'connectors', message: `must be a map, got ${s.describe(raw.connectors)}` });
  } else if (isMap(raw.connectors) && Object.keys(raw.connectors).length > 0) {
    issues.push({ path: 'connectors', message: `connectors are not supported yet (found ${Object.keys(raw.connectors).join(', ')}); remove the section or leave it empty` });
  }

  const service = serviceSchema.decode(raw.service, 'service', issues);
  if (raw.service === undefined) issues.push({ path: 'service', message: 'is required: add service::pipelines with at least one pipeline' });
  const pipelines = new Map<string, PipelineConfig>();
  if (service) {
    for (const ext of service.extensions) {
      if (!sections.extensions.has(ext) && !broken.has(`extensions/${ext}`)) {
        issues.push({ path: 'service::extensions', message: `references extension "${ext}" which is not configured${didYouMean(ext, [...sections.extensions.keys()])}` });
      }
    }
    if (Object.keys(service.pipelines).length === 0 && raw.service !== undefined) {
      issues.push({ path: 'service::pipelines', message: 'service must have at least one pipeline (for example "traces" or "logs")' });
    }
    for (const [pid, p] of Object.entries(service.pipelines)) {
      const pipe = resolvePipeline(pid, p, sections, broken, issues);
      if (pipe) pipelines.set(pid, pipe);
    }
    const used = new Set([...pipelines.values()].flatMap((p) => [...p.receivers.map((r) => `receivers/${r}`), ...p.processors.map((r) => `processors/${r}`), ...p.exporters.map((r) => `exporters/${r}`)]));
    checkExtensionRefs(sections, used, service.extensions, broken, issues);
  }
  if (issues.length > 0 || !service) return { issues, warnings };
  return {
    config: {
      ...sections,
      service: { extensions: service.extensions, pipelines, telemetry: service.telemetry },
    },
    issues,
    warnings,
  };
}

/** A component's `storage` must name an extension that is configured and started by the service. */
function checkExtensionRefs(
  sections: Sections,
  used: Set<string>,
  started: string[],
  broken: Set<string>,
  issues: ConfigIssue[],
): void {
  for (const section of ['receivers', 'processors', 'exporters'] as const) {
    for (const [id, cc] of sections[section]) {
      if (!used.has(`${section}/${id}`)) continue;
      for (const ref of cc.factory.extensionRefs?.(cc.config) ?? []) {
        const path = joinPath(section, id, ref.path);
        if (!sections.extensions.has(ref.id)) {
          if (broken.has(`extensions/${ref.id}`)) continue;
          issues.push({ path, message: `references extension "${ref.id}" which is not configured${didYouMean(ref.id, [...sections.extensions.keys()]) || '; add it under extensions'}` });
        } else if (!started.includes(ref.id)) {
          issues.push({ path, message: `references extension "${ref.id}", which is configured but not started: add it to service::extensions` });
        }
      }
    }
  }
}

function resolveSection<K extends Kind>(
  section: string,
  kind: K,
  raw: unknown,
  registry: Registry,
  issues: ConfigIssue[],
  warnings: string[],
): Map<string, ComponentConfig<K>> {
  const out = new Map<string, ComponentConfig<K>>();
  if (raw === undefined || raw === null) return out;
  if (!isMap(raw)) {
    issues.push({ path: section, message: `must be a map of component ids to their settings, got ${s.describe(raw)}` });
    return out;
  }
  const valid = registry.types(kind);
  for (const [id, body] of Object.entries(raw)) {
    const path = joinPath(section, id);
    const slash = id.indexOf('/');
    const type = slash < 0 ? id : id.slice(0, slash);
    const name = slash < 0 ? undefined : id.slice(slash + 1);
    if (!ID_TYPE.test(type)) {
      issues.push({ path, message: `invalid id: the type part "${type}" must start with a letter and contain only letters, digits and _` });
      continue;
    }
    if (name !== undefined && !ID_NAME.test(name)) {
      issues.push({ path, message: `invalid id: the name after "/" must be non-empty, without spaces or "/"` });
      continue;
    }
    const found = registry.lookup(kind, type);
    if (!found.factory) {
      const hint = type === 'logging' ? '; the "logging" exporter was replaced by "debug"' : didYouMean(type, valid);
      issues.push({ path, message: `unknown ${kind} type "${type}"${hint} (valid types: ${valid.join(', ') || 'none'})` });
      continue;
    }
    if (found.deprecatedAlias) {
      warnings.push(`${path}: "${type}" is a deprecated spelling; use "${found.factory.type}"`);
    }
    const before = issues.length;
    const config = found.factory.config.decode(body, path, issues);
    if (config !== undefined && issues.length === before && found.factory.validate) {
      for (const i of found.factory.validate(config)) issues.push({ path: joinPath(path, i.path), message: i.message });
    }
    if (config === undefined || issues.length > before) continue;
    const canonicalId = found.deprecatedAlias ? found.factory.type + (name !== undefined ? `/${name}` : '') : id;
    const clash = [...out.values()].find((other) => other.id === canonicalId);
    if (clash) {
      issues.push({ path, message: `names the same component as "${canonicalId}" (old and new spellings of one type); rename one of them, for example "${canonicalId}/2"` });
      continue;
    }
    // Pipelines may name the component by either spelling; keep both keys pointing at one config.
    const cc: ComponentConfig<K> = { id: canonicalId, type: found.factory.type, kind, factory: found.factory, config };
    out.set(id, cc);
  }
  return out;
}

function resolvePipeline(
  pid: string,
  p: { receivers: string[]; processors: string[]; exporters: string[] },
  sections: Sections,
  broken: Set<string>,
  issues: ConfigIssue[],
): PipelineConfig | undefined {
  const path = joinPath('service::pipelines', pid);
  const signalText = pid.split('/')[0];
  if (!(SIGNALS as readonly string[]).includes(signalText)) {
    const hint = signalText === 'metrics' ? '; metrics pipelines are not supported by this bridge' : didYouMean(signalText, SIGNALS);
    issues.push({ path, message: `unknown signal "${signalText}"${hint} (pipeline ids are traces[/name] or logs[/name])` });
    return undefined;
  }
  const signal = signalText as Signal;
  const before = issues.length;
  let refersToBroken = false;
  if (p.receivers.length === 0) issues.push({ path, message: 'must have at least one receiver' });
  if (p.exporters.length === 0) issues.push({ path, message: 'must have at least one exporter' });
  const check = (section: 'receivers' | 'processors' | 'exporters', singular: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) issues.push({ path, message: `references ${singular} "${id}" multiple times` });
      seen.add(id);
      const cc = sections[section].get(id);
      if (!cc && broken.has(`${section}/${id}`)) {
        refersToBroken = true;
        continue;
      }
      if (!cc) {
        issues.push({ path, message: `references ${singular} "${id}" which is not configured${didYouMean(id, [...sections[section].keys()])}` });
        continue;
      }
      const signals = cc.factory.signals;
      if (!signals.includes(signal)) {
        issues.push({ path, message: `${singular} "${id}" does not support ${signal} (it supports: ${signals.join(', ')})` });
      }
    }
  };
  check('receivers', 'receiver', p.receivers);
  check('processors', 'processor', p.processors);
  check('exporters', 'exporter', p.exporters);
  if (issues.length > before || refersToBroken) return undefined;
  return { id: pid, signal, ...p };
}
