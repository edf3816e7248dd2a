/** Errors the page can act on: each carries a protocol error code (and, where there is one, the file it is about). */
import type { WorkerErrorInfo } from '../shared/protocol';

export type ErrorCode = WorkerErrorInfo['code'];

/** An Error with a protocol `code`; `extra` adds fields such as `file`. */
export function codedError<E extends object = object>(code: ErrorCode, message: string, extra?: E): Error & { code: ErrorCode } & E {
  return Object.assign(new Error(message), { code }, extra);
}

/** The request itself is wrong (the page sent something it should not have). */
export const badRequest = (message: string) => codedError('bad-request', message);

const KNOWN: ErrorCode[] = ['bad-request', 'model-missing', 'model-corrupt', 'data-missing', 'data-corrupt', 'nan-loss', 'storage', 'cancelled'];

/** What the page is told about a thrown value: its message, a known code (else `internal`; `storage` for a full quota) and file. */
export function toErrorInfo(e: unknown): WorkerErrorInfo {
  const err = e as { message?: string; code?: ErrorCode; file?: string };
  let code: ErrorCode = err?.code && KNOWN.includes(err.code) ? err.code : 'internal';
  const message = err?.message ?? String(e);
  if (code === 'internal' && /quota|QuotaExceeded/i.test(message)) code = 'storage';
  return { message, code, file: err?.file };
}
