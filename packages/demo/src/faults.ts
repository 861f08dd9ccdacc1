/** The fault classes the demo injects, so the quality checks can be judged against a known truth. */
export const FAULT_CLASSES = {
  late: 'village sanitation report submitted 1–12 days after its deadline',
  missing: 'village sanitation report never submitted',
  wrong_unit_x1000: 'SAN_WASTE_COLLECTED typed in kilograms instead of tonnes (×1000)',
  harmless_exceeds_collected: 'SAN_WASTE_HARMLESS greater than SAN_WASTE_COLLECTED',
  source_conflict:
    'a second source disagrees with the report beyond tolerance (waste collected: direct-reporting enterprise; GDP: statistics bureau)',
  fabricated_district:
    'every village of one district reports invented figures of plausible size with uniform first digits, often rounded to 5 t (waste collected, construction waste)',
  corrected_after_return: 'submitted with SAN_ROAD_AREA ×10, returned by the township, corrected by the reporter',
} as const;
export type FaultClass = keyof typeof FAULT_CLASSES;

export interface InjectedFault {
  report: string;
  detail?: Record<string, string | number>;
}

export type FaultRegister = Record<FaultClass, InjectedFault[]>;

export function emptyFaultRegister(): FaultRegister {
  return Object.fromEntries(Object.keys(FAULT_CLASSES).map((k) => [k, []])) as unknown as FaultRegister;
}
