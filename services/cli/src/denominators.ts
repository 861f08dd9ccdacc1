import type { FormCatalogue } from '@statledger/domain';
import { DEFAULT_SOURCE_REGISTRY } from '@statledger/form-catalogue';
import { loadSourceRegistry } from '@statledger/quality';
import type { DenominatorSource } from '@statledger/read-models';

/** From the source registry: whether a source is the one whose denominator values (GDP…) the read models take. */
export function denominatorSourceOf(catalogue: FormCatalogue): DenominatorSource {
  const registry = loadSourceRegistry(DEFAULT_SOURCE_REGISTRY, catalogue);
  return (form, indicator, source) => {
    const rule = registry.rule(form, indicator);
    return rule.denominator && rule.authoritative === source;
  };
}
