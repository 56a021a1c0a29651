/** The FileSystem used by the server and the CLI: the real disk, read-only. */
import { promises as fs } from 'node:fs';
import type { FileKind, FileSystem } from './fileSystem';

export class NodeFileSystem implements FileSystem {
  async readFile(file: string): Promise<Uint8Array | undefined> {
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) return undefined;
      const buffer = await fs.readFile(file);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch {
      return undefined;
    }
  }

  async readDirectory(dir: string): Promise<Array<[string, FileKind]>> {
    try {
      const entries = await fs.readdir(dir, { withFileTypes: true });
      const result: Array<[string, FileKind]> = [];
      for (const entry of entries) {
        if (entry.isFile()) result.push([entry.name, 'file']);
        else if (entry.isDirectory()) result.push([entry.name, 'directory']);
      }
      return result;
    } catch {
      return [];
    }
  }
}
