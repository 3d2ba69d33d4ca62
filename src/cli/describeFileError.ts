/**
 * Node's own errors for a path the user named (`ENOENT`, `EACCES`, `EISDIR`, ...), in words with the path;
 * undefined for anything else. Lets the CLI treat a missing or unreadable file as a user mistake (exit 2)
 * even when it is found by a library call rather than by validation.
 *
 * @example
 * ```ts
 * describeFileError(Object.assign(new Error('x'), { code: 'ENOENT', path: 'data.csv' })); // 'file not found: data.csv'
 * ```
 */
export function describeFileError(error: unknown): string | undefined {
  const code = (error as { code?: string } | undefined)?.code;
  const path = (error as { path?: string } | undefined)?.path;
  if (!path) return undefined;
  switch (code) {
    case 'ENOENT':
      return `file not found: ${path}`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied: ${path}`;
    case 'EISDIR':
      return `expected a file, got a directory: ${path}`;
    case 'ENOTDIR':
      return `not a directory: a part of ${path} is a file`;
    case 'EROFS':
      return `read-only file system: ${path}`;
    case 'ENOSPC':
      return `no space left on the device for ${path}`;
    default:
      return undefined;
  }
}
