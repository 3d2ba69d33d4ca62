import { describe, expect, it } from 'vitest';
import { describeFileError } from '../../../src/cli/describeFileError.js';

const systemError = (code: string, path?: string) => Object.assign(new Error(code), { code, path });

describe('describeFileError', () => {
  it.each([
    ['ENOENT', 'file not found: data.csv'],
    ['EACCES', 'permission denied: data.csv'],
    ['EPERM', 'permission denied: data.csv'],
    ['EISDIR', 'expected a file, got a directory: data.csv'],
    ['ENOTDIR', 'not a directory: a part of data.csv is a file'],
    ['EROFS', 'read-only file system: data.csv'],
    ['ENOSPC', 'no space left on the device for data.csv'],
  ])('describes %s in words with the path', (code, expected) => {
    expect(describeFileError(systemError(code, 'data.csv'))).toBe(expected);
  });

  it('leaves other codes, errors without a path and non-errors undescribed', () => {
    expect(describeFileError(systemError('EMFILE', 'data.csv'))).toBeUndefined();
    expect(describeFileError(systemError('ENOENT'))).toBeUndefined();
    expect(describeFileError(undefined)).toBeUndefined();
    expect(describeFileError('ENOENT')).toBeUndefined();
  });
});
