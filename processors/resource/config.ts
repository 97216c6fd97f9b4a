/** `resource` processor config: the list of actions applied to every item's resource attributes. */
import * as s from '../../src/config/schema';
import type { ConfigIssue } from '../../src/config/issue';
import { actionSchema, validateActions } from '../../src/processorhelper/actions';

export const config = s.object({
  attributes: s.list(actionSchema).def([]),
});
export type Config = s.Infer<typeof config>;

export function validate(cfg: Config): ConfigIssue[] {
  const issues = validateActions(cfg.attributes, 'attributes');
  if (cfg.attributes.length === 0) issues.push({ path: 'attributes', message: 'must list at least one action (for example {key: deployment.environment.name, value: prod, action: upsert})' });
  return issues;
}
