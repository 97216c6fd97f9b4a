import * as s from '../../src/config/schema';

const rule = s.object({
  /** Record attribute the pattern is matched against; file_log sets `log.file.name` by default (`log.file.path` with include_file_path). */
  attribute: s.nonEmptyString().def('log.file.name'),
  /** A JavaScript regular expression, unanchored. */
  pattern: s.nonEmptyString().required(),
  script: s.nonEmptyString(),
  script_file: s.nonEmptyString(),
});

export const config = s.object({
  /** Script text, or `builtin:NAME` for a ready-made script. */
  script: s.nonEmptyString(),
  /** Path of a script file (relative paths are from the working directory). */
  script_file: s.nonEmptyString(),
  /** Scripts chosen per record by an attribute; the first match wins, `script`/`script_file` is the fallback. */
  rules: s.list(rule).def([]),
  /** IANA zone for log times written without one; default: the process's zone. */
  timezone: s.nonEmptyString(),
  /** A trace_index extension id; default: the bridge's (`trace_index` if configured, else an implicit one). */
  trace_index: s.nonEmptyString(),
});

export interface ScriptSource {
  script?: string;
  script_file?: string;
}

export interface LogPipelineConfig extends ScriptSource {
  rules: (ScriptSource & { attribute: string; pattern: string })[];
  timezone?: string;
  trace_index?: string;
}
