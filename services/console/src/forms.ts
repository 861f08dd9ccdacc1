import { api } from './api.ts';

export interface Indicator {
  code: string;
  name: string;
  help?: string;
  en?: { name: string; help?: string };
  unit: string;
  unitMultiplier?: number;
  kind: 'flow' | 'stock' | 'derived';
  valueType?: 'decimal' | 'integer';
  nonNegative?: boolean;
  optional?: boolean;
  digitScreening?: boolean;
  plausible?: Record<string, { min?: string; max?: string }>;
  limit?: string;
}

export interface Rule {
  id: string;
  description: string;
  left: string[];
  operator: '<=' | '=' | '>=';
  right: string[];
}

export interface Form {
  code: string;
  name: string;
  en?: { name: string };
  periodType: 'month' | 'quarter' | 'year';
  reportingTiers: string[];
  indicators: Indicator[];
  rules: Rule[];
}

let loaded: Promise<Form[]> | undefined;

/** The forms as the server defines them (GET /v1/forms), loaded once. */
export const loadForms = () => (loaded ??= api<{ forms: Form[] }>('GET', '/v1/forms').then((r) => r.forms));

export const reported = (form: Form) => form.indicators.filter((i) => i.kind !== 'derived');
