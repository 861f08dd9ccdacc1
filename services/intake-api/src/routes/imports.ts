import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { importReportsCsv, importUnitsCsv, RequestValidationError } from '@statledger/intake';
import type { IntakeApiDeps } from '../deps.ts';
import { byteLimit } from '../limited-stream.ts';
import { principalOf } from '../authentication.ts';

export function registerImportRoutes(app: FastifyInstance, deps: IntakeApiDeps & { csvBodyLimit: number }) {
  const csvBody = (request: FastifyRequest): Readable => {
    const body = request.body as Readable | undefined;
    if (!body || typeof body.pipe !== 'function') {
      throw new RequestValidationError([
        { path: ['body'], message: 'send the CSV as the request body with Content-Type: text/csv' },
      ]);
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > deps.csvBodyLimit)
      throw Object.assign(new Error(`the upload of ${declared} bytes exceeds ${deps.csvBodyLimit} bytes`), {
        statusCode: 413,
        code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      });
    return body.pipe(byteLimit(deps.csvBodyLimit));
  };

  app.post('/v1/imports/reports', async (request) => {
    const principal = principalOf(request);
    const summary = await importReportsCsv(csvBody(request), deps, { principal, correlationId: request.id });
    request.log.info({ reports: summary.reports, rows: summary.rows }, 'report CSV imported');
    return summary;
  });

  app.post('/v1/imports/units', async (request) => {
    const principal = principalOf(request);
    const summary = await importUnitsCsv(csvBody(request), deps, { principal, correlationId: request.id });
    request.log.info({ registered: summary.registered, renamed: summary.renamed }, 'unit CSV imported');
    return summary;
  });
}
