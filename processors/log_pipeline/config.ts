/** `log_pipeline` processor config: the script, or scripts chosen per record by rules, and the time zone. */
import * as s from '../../src/config/schema';
import { DEFAULT_MATCH_BUDGET_MS } from '../../src/lang';

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
  /** Time all grok/regex matches of one record may take (5ms); a match past it fails, counted. */
  match_budget: s.duration({ min: 1 }).def(DEFAULT_MATCH_BUDGET_MS),
});

export type Config = s.Infer<typeof config>;
/** Where one script comes from: the top level or a rule. */
export type ScriptSource = Pick<Config, 'script' | 'script_file'>;
