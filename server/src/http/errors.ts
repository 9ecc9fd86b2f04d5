/**
 * The one error vocabulary of the API: an HTTP status, a stable machine id the
 * sidebar can switch on, and a Chinese message safe to show a guide.
 * Anything else thrown becomes a plain 500 `internal_error` with no internals.
 */
export class AppError extends Error {
  readonly expose = true;
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (id = 'not_found', message = '找不到请求的内容') => new AppError(404, id, message);
export const badRequest = (id: string, message: string, details?: unknown) => new AppError(400, id, message, details);
export const unauthorized = (id = 'unauthenticated', message = '请先登录（会话已过期或无效）') => new AppError(401, id, message);
export const forbidden = (id = 'forbidden', message = '没有权限查看或修改此内容') => new AppError(403, id, message);
export const conflict = (id: string, message: string) => new AppError(409, id, message);
export const unavailable = (id: string, message: string) => new AppError(503, id, message);

export interface ErrorBody {
  error: { id: string; message: string; details?: unknown; requestId?: string };
}
