/** One configuration problem: where (`receivers::datadog::endpoint`), what, and how to fix it. */
export interface ConfigIssue {
  path: string;
  message: string;
}

export const PATH_SEP = '::';

export function joinPath(...parts: (string | undefined)[]): string {
  return parts.filter((p) => p !== undefined && p !== '').join(PATH_SEP);
}

export function formatIssue(issue: ConfigIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

/** Thrown when a configuration cannot be used; carries every problem found, not just the first. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[]) {
    super(`invalid configuration:\n${issues.map((i) => '  ' + formatIssue(i)).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
