export * from './errors.ts';
export * from './validate.ts';
export * from './principals.ts';
export * from './unit-registry.ts';
export * from './requests.ts';
export * from './report-service.ts';
export * from './csv-reports.ts';
export * from './csv-units.ts';
