/**
 * The resourcedetection processor: detects the process-wide identity (pod, host) once at start
 * and adds it to the resource of every span and log record. Attributes already on a resource
 * (set by the tracer) are kept unless `override`.
 */
import type { Attributes } from '@opentelemetry/api';
import type { Item, Processor } from '../../src/component/component';
import type { Consumer } from '../../src/consumer/consumer';
import { resourceMapping } from '../../src/processorhelper/mapping';
import { setOwn } from '../../src/util/own';
import { withDeadline } from '../../src/util/deadline';
import type { Config } from './config';
import { detectAll, type Detected } from './detectors';

export function resourceDetectionProcessor<T extends Item>(next: Consumer<T>, cfg: Config, env: NodeJS.ProcessEnv = process.env): Processor<T> {
  let detected: Detected = {};
  const merge = (attributes: Attributes): Attributes => {
    const keys = Object.keys(detected).filter((k) => cfg.override ? attributes[k] !== detected[k] : attributes[k] === undefined);
    if (keys.length === 0) return attributes;
    const out: Attributes = { ...attributes };
    for (const k of keys) setOwn(out, k, detected[k]);
    return out;
  };
  const inner = resourceMapping(next, merge);
  return {
    ...inner,
    async start() {
      // Detection is synchronous today; the deadline is for detectors that will ask a network service.
      const work = Promise.resolve().then(() => (detected = detectAll(cfg, env)));
      if (!(await withDeadline(work, cfg.timeout))) throw new Error(`timeout: detection took longer than ${cfg.timeout}ms`);
    },
  };
}
