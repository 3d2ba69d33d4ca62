import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Pseudo file systems: a store or log there never works, and Node's recursive mkdir can loop on them. */
const pseudoFileSystems = ['/proc', '/sys', '/dev'];

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string } | undefined)?.code;
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    if (codeOf(error) === 'ENOTDIR') return 'not-a-directory' as const;
    throw error;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why the file at `path` cannot be read as input (missing, a directory, a device or pipe, unreadable), or
 * undefined when it can. Checked before anything is opened or created, so a wrong `--data` or `--config`
 * costs nothing.
 *
 * @example
 * ```ts
 * inputFileProblem('/tmp'); // 'expected a file, got a directory: /tmp'
 * ```
 */
export function inputFileProblem(path: string): string | undefined {
  const stats = statOrUndefined(path);
  if (stats === undefined) return `file not found: ${path}`;
  if (stats === 'not-a-directory') return `file not found: ${path} (a part of the path is a file)`;
  if (stats.isDirectory()) return `expected a file, got a directory: ${path}`;
  if (!stats.isFile()) return `expected a regular file, got a device, pipe or socket: ${path}`;
  try {
    accessSync(path, constants.R_OK);
  } catch {
    return `permission denied: ${path} cannot be read`;
  }
  return undefined;
}

/**
 * Why a file at `path` (a store, a log) cannot be created or written, or undefined when it can: an
 * existing file must be a writable regular file; a new one needs its nearest existing ancestor to be a
 * writable directory on a real file system. Nothing is created: the check walks up with `stat`, so a
 * path under `/proc` fails at once instead of hanging in a recursive `mkdir`.
 *
 * @example
 * ```ts
 * writableFileProblem('/dev/null/store.db'); // 'a part of the path is not a directory: /dev/null'
 * ```
 */
export function writableFileProblem(path: string): string | undefined {
  const absolute = resolve(path);
  const stats = statOrUndefined(absolute);
  if (stats !== undefined && stats !== 'not-a-directory') {
    if (stats.isDirectory()) return `expected a file, got a directory: ${absolute}`;
    if (!stats.isFile()) return `expected a regular file, got a device, pipe or socket: ${absolute}`;
    if (onPseudoFileSystem(absolute)) return `${absolute} is on a system file system (/proc, /sys, /dev)`;
    return writable(absolute) ? undefined : `permission denied: ${absolute} is not writable`;
  }
  return creatableProblem(absolute);
}

/**
 * Why `path` cannot be used as an output directory (it is an existing file, not writable, or cannot be
 * created), or undefined when it can. Checked before a backtest runs, so its report is never lost at the
 * end.
 *
 * @example
 * ```ts
 * outputDirectoryProblem('README.md'); // 'expected a directory, got a file: /work/README.md'
 * ```
 */
export function outputDirectoryProblem(path: string): string | undefined {
  const absolute = resolve(path);
  const stats = statOrUndefined(absolute);
  if (stats !== undefined && stats !== 'not-a-directory') {
    if (!stats.isDirectory()) return `expected a directory, got a file: ${absolute}`;
    if (onPseudoFileSystem(absolute)) return `${absolute} is on a system file system (/proc, /sys, /dev)`;
    return writable(absolute) ? undefined : `permission denied: ${absolute} is not writable`;
  }
  return creatableProblem(absolute);
}

/** For a path that does not exist: its nearest existing ancestor must be a writable, real directory. */
function creatableProblem(absolute: string): string | undefined {
  let ancestor = dirname(absolute);
  for (;;) {
    const stats = statOrUndefined(ancestor);
    if (stats === 'not-a-directory' || (stats !== undefined && !stats.isDirectory())) {
      // Report the file that sits where a directory is needed.
      let file = ancestor;
      while (statOrUndefined(file) === 'not-a-directory') file = dirname(file);
      return `a part of the path is not a directory: ${file}`;
    }
    if (stats !== undefined) break;
    const parent = dirname(ancestor);
    if (parent === ancestor) return `cannot create ${absolute}: no existing directory above it`;
    ancestor = parent;
  }
  if (onPseudoFileSystem(ancestor))
    return `cannot create ${absolute}: it is on a system file system (/proc, /sys, /dev)`;
  if (!writable(ancestor)) return `permission denied: cannot create ${absolute} in ${ancestor}`;
  return undefined;
}

function onPseudoFileSystem(path: string): boolean {
  let real = path;
  try {
    real = realpathSync(path);
  } catch {
    // A path that cannot be resolved is judged as written.
  }
  if (real === '/dev/shm' || real.startsWith('/dev/shm/')) return false;
  return pseudoFileSystems.some((root) => real === root || real.startsWith(`${root}/`));
}
