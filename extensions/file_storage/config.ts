/** `file_storage` extension config. */
import { bool, duration, nonEmptyString, object, type Infer } from '../../src/config/schema';

export const config = object({
  /** Where the store files live; relative paths are taken from the working directory. */
  directory: nonEmptyString().def('./data/file_storage'),
  /** Create `directory` (and parents) when missing. The Collector defaults to false; we default to true. */
  create_directory: bool().def(true),
  /** fsync each commit, so a resolved `set` survives power loss, not just a crash of this process. */
  fsync: bool().def(true),
  /** How long `client()` waits for another process to release a store file. */
  timeout: duration().def(1000),
});

export type Config = Infer<typeof config>;
