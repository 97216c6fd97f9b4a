/** @deprecated Import from `./testing`; this name stays only until the tests of other rooms have moved. */
export { NO_HOST, testSettings } from './testing';
