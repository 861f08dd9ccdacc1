import { Transform } from 'node:stream';

export class PayloadTooLargeError extends Error {
  readonly statusCode = 413;
  readonly code = 'FST_ERR_CTP_BODY_TOO_LARGE';
}

/** Passes bytes through until `limit`, then fails with 413: uploads are streamed, never held whole in memory. */
export function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) callback(new PayloadTooLargeError(`the upload exceeds ${limit} bytes`));
      else callback(null, chunk);
    },
  });
}
