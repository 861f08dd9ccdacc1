import type { FormCatalogue } from '@statledger/domain';
import { DEFAULT_SOURCE_REGISTRY } from '@statledger/form-catalogue';
import { loadSourceRegistry } from '@statledger/quality';
import type { DenominatorSource } from '@statledger/read-models';

/** The shipped source registry's answer to which source publishes each denominator (GDP…). */
export function denominatorSourceOf(catalogue: FormCatalogue): DenominatorSource {
  return loadSourceRegistry(DEFAULT_SOURCE_REGISTRY, catalogue).isDenominatorSource;
}
