/** An in-memory StorageClient for queue tests (the real one is extensions/file_storage). */
import type { StorageClient } from '../component/component';

export class MemoryStorageClient implements StorageClient {
  readonly data = new Map<string, Buffer>();
  async get(key: string) {
    return this.data.get(key);
  }
  async set(key: string, value: Buffer) {
    this.data.set(key, Buffer.from(value));
  }
  async delete(key: string) {
    this.data.delete(key);
  }
  async keys(prefix = '') {
    return [...this.data.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
  async close() {}
}
