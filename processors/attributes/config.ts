/** `attributes` processor config: the list of actions applied to every span's or log record's attributes. */
import * as s from '../../src/config/schema';
import type { ConfigIssue } from '../../src/config/issue';
import { actionSchema, validateActions } from '../../src/processorhelper/actions';

export const config = s.object({
  actions: s.list(actionSchema).def([]),
});
export type Config = s.Infer<typeof config>;

export function validate(cfg: Config): ConfigIssue[] {
  const issues = validateActions(cfg.actions, 'actions');
  if (cfg.actions.length === 0) issues.push({ path: 'actions', message: 'must list at least one action (for example {key: env, value: prod, action: upsert})' });
  return issues;
}
