export * from './consumer';
export * from './errors';
export * from './fanout';
