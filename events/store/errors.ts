import { AppError } from '../errors.js';

export class StreamVersionConflictError extends AppError {
  constructor(
    readonly streamId: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super('STREAM_VERSION_CONFLICT', `Stream ${streamId} is at version ${actual}, expected ${expected}: it changed meanwhile, retry`, {
      streamId,
      expected,
      actual,
    });
  }
}

export function isStreamVersionConflict(err: unknown): err is StreamVersionConflictError {
  return err instanceof AppError && err.code === 'STREAM_VERSION_CONFLICT';
}
