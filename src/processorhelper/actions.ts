/**
 * Attribute actions (`insert`, `update`, `upsert`, `delete`) with the Collector's keys and rules,
 * shared by the attributes and resource processors (the Collector's attraction package).
 */
import type { AttributeValue, Attributes } from '@opentelemetry/api';
import type { ConfigIssue } from '../config/issue';
import * as s from '../config/schema';

export const ACTIONS = ['insert', 'update', 'upsert', 'delete'] as const;
export type Action = (typeof ACTIONS)[number];

const attributeValue = s.custom<AttributeValue>('a string, number, boolean or a list of them', (raw, path, issues) => {
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (scalar(raw) || (Array.isArray(raw) && raw.every(scalar))) return raw as AttributeValue;
  issues.push({ path, message: `must be a string, number, boolean or a list of them, got ${s.describe(raw)}` });
  return undefined;
});

export const actionSchema = s.object({
  key: s.nonEmptyString().required(),
  action: s.oneOf(ACTIONS).required(),
  value: attributeValue,
  from_attribute: s.string(),
});
export type ActionConfig = s.Infer<typeof actionSchema>;

/** insert/update/upsert need exactly one source; delete needs none (the Collector's rules). */
export function validateActions(actions: ActionConfig[], listKey: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  actions.forEach((a, i) => {
    const path = `${listKey}::${i}`;
    const sources = (a.value !== undefined ? 1 : 0) + (a.from_attribute !== undefined ? 1 : 0);
    if (a.action === 'delete' && sources > 0) issues.push({ path, message: `action "delete" takes no value or from_attribute` });
    if (a.action !== 'delete' && sources !== 1) {
      issues.push({ path, message: `action "${a.action}" needs exactly one of value or from_attribute` });
    }
  });
  return issues;
}

/** Applies the actions in order to a copy; returns the input itself when nothing changed. */
export function applyActions<A extends Attributes | Record<string, unknown>>(attrs: A, actions: ActionConfig[]): A {
  let out: Record<string, unknown> | undefined;
  const w = () => (out ??= { ...attrs });
  for (const a of actions) {
    const cur: Record<string, unknown> = out ?? attrs;
    const present = cur[a.key] !== undefined;
    const value = a.from_attribute !== undefined ? cur[a.from_attribute] : a.value;
    switch (a.action) {
      case 'insert':
        if (!present && value !== undefined) w()[a.key] = value;
        break;
      case 'update':
        if (present && value !== undefined) w()[a.key] = value;
        break;
      case 'upsert':
        if (value !== undefined) w()[a.key] = value;
        break;
      case 'delete':
        if (present) delete w()[a.key];
        break;
    }
  }
  return (out ?? attrs) as A;
}
