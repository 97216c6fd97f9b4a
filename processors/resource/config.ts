import * as s from '../../src/config/schema';
import { actionSchema, validateActions, type ActionConfig } from '../attributes/actions';

export const config = s.object({
  attributes: s.list(actionSchema).def([]),
});

export function validate(cfg: { attributes: ActionConfig[] }) {
  const issues = validateActions(cfg.attributes, 'attributes');
  if (cfg.attributes.length === 0) issues.push({ path: 'attributes', message: 'must list at least one action (for example {key: deployment.environment.name, value: prod, action: upsert})' });
  return issues;
}
