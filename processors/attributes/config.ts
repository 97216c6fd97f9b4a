import * as s from '../../src/config/schema';
import { actionSchema, validateActions, type ActionConfig } from './actions';

export const config = s.object({
  actions: s.list(actionSchema).def([]),
});

export function validate(cfg: { actions: ActionConfig[] }) {
  const issues = validateActions(cfg.actions, 'actions');
  if (cfg.actions.length === 0) issues.push({ path: 'actions', message: 'must list at least one action (for example {key: env, value: prod, action: upsert})' });
  return issues;
}
