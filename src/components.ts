import type { Factory } from './component/component';

/**
 * The one registry: every component the binary offers, listed explicitly so that
 * `dd-otel-bridge components` and config validation see the same set.
 */
export const FACTORIES: Factory[] = [
];
