import {
  asDomainEvent,
  containingPeriod,
  createDeadlineMemo,
  isReportingUnit,
  formatPeriod,
  isWithinSubtree,
  parsePeriod,
  reportStatusAfter,
  type FiledReportStatus,
  type TypedEvent,
  type FormCatalogue,
  type ReportKey,
  type UnitCode,
} from '@statledger/domain';
import { oneAtATime, readAllPages, type EventStore, type RecordedEvent } from '@statledger/event-store';
import type { CheckFamily, Finding } from './finding.ts';
import { completenessRates, type CompletenessRates } from './checks/timeliness.ts';

interface ViewReport {
  key: ReportKey;
  status: FiledReportStatus;
  firstSubmittedAt: string;
  deadline: string;
}

export interface OpenFindingView extends Finding {
  family: CheckFamily;
  findingId: string;
}

export interface UnitQuality {
  unit: UnitCode;
  name?: string;
  rates: CompletenessRates;
  findings: Record<string, { error: number; warning: number; info: number }>;
}

export interface QualitySummary {
  unit: UnitCode;
  name?: string;
  period: string;
  forms: {
    form: string;
    /** The unit's own report, where it reports this form. */
    own?: { reportId: string; status: string; onTime: boolean | null; findings: OpenFindingView[] };
    /** §5.1 for a parent unit: its direct child units registered for the form. */
    directChildren: CompletenessRates;
    /** Every reporting unit in the subtree (the unit itself included). */
    subtree: UnitQuality;
    /** Per direct child, its own subtree. */
    children: UnitQuality[];
    /** Reports with an error-level finding, for their approvers. */
    flagged: { reportId: string; codes: string[] }[];
    /** District-level fabrication screens of the quarter holding the period. */
    digitScreens: { subject: string; findings: OpenFindingView[] }[];
  }[];
}

/** A query model of the log for quality questions; catches up incrementally, like the unit registry. */
export function createQualityView(store: Pick<EventStore, 'readAll'>, catalogue: FormCatalogue) {
  const names = new Map<UnitCode, string>();
  const childrenOf = new Map<UnitCode, UnitCode[]>();
  const reports = new Map<string, ViewReport>();
  const deadlineOf = createDeadlineMemo(catalogue);
  const findings = new Map<string, Map<string, OpenFindingView>>();
  let position: string | undefined;

  async function readNew() {
    for await (const page of readAllPages(store, { from: position })) {
      for (const recorded of page) {
        position = recorded.position;
        const e = asDomainEvent(recorded);
        if (e) apply(e);
      }
    }
  }

  function apply(e: TypedEvent<RecordedEvent>) {
    switch (e.type) {
      case 'UnitRegistered':
      case 'UnitRenamed': {
        const { code, name } = e.data;
        names.set(code, name);
        const parent = e.type === 'UnitRegistered' ? e.data.parentCode : null;
        if (parent) (childrenOf.get(parent) ?? childrenOf.set(parent, []).get(parent)!).push(code);
        return;
      }
      case 'ReportSubmitted': {
        const { form, unitCode, period } = e.data;
        const key = { form, unitCode, period };
        reports.set(e.stream, { key, status: 'submitted', firstSubmittedAt: e.recordedAt, deadline: deadlineOf(key) });
        return;
      }
      case 'ReportReturned':
      case 'ReportApproved':
      case 'ReportReopened':
      case 'ReportCorrected': {
        const r = reports.get(e.stream);
        if (r) r.status = reportStatusAfter(r.status, e.type);
        return;
      }
      case 'QualityFindingRaised': {
        const { findingId, family, finding } = e.data;
        const open = findings.get(e.stream) ?? findings.set(e.stream, new Map()).get(e.stream)!;
        open.set(findingId, { ...finding, family, findingId });
        return;
      }
      case 'QualityFindingResolved':
        findings.get(e.stream)?.delete(e.data.findingId);
        return;
    }
  }

  const openOf = (reportId: string) => [...(findings.get(`quality-${reportId}`)?.values() ?? [])];

  function descendants(unit: UnitCode): UnitCode[] {
    const all: UnitCode[] = [unit];
    for (let i = 0; i < all.length; i++) all.push(...(childrenOf.get(all[i]!) ?? []));
    return all;
  }

  function subtreeQuality(root: UnitCode, form: string, period: string): UnitQuality {
    return unitsQuality(root, descendants(root), form, period);
  }

  function unitsQuality(root: UnitCode, units: UnitCode[], form: string, period: string): UnitQuality {
    const definition = catalogue.get(form);
    const expected = units.filter((u) => isReportingUnit(definition, u));
    let received = 0;
    let onTime = 0;
    const counts: UnitQuality['findings'] = {};
    for (const unit of expected) {
      const reportId = `report-${form}-${unit}-${period}`;
      const report = reports.get(reportId);
      if (report) {
        received++;
        if (Date.parse(report.firstSubmittedAt) <= Date.parse(report.deadline)) onTime++;
      }
      for (const f of openOf(reportId)) (counts[f.code] ??= { error: 0, warning: 0, info: 0 })[f.severity]++;
    }
    return {
      unit: root,
      ...(names.has(root) ? { name: names.get(root)! } : {}),
      rates: completenessRates(expected.length, received, onTime),
      findings: counts,
    };
  }

  // Two questions at once (two HTTP requests) must not fold the same events twice.
  const catchUp = oneAtATime(readNew);

  return {
    catchUp,
    async summary(unit: UnitCode, period: string, form?: string): Promise<QualitySummary> {
      await catchUp();
      const parsed = parsePeriod(period);
      const forms = [...catalogue.forms.values()].filter((f) =>
        form ? f.code === form : f.periodType === parsed.type,
      );
      return {
        unit,
        ...(names.has(unit) ? { name: names.get(unit)! } : {}),
        period,
        forms: forms.map((definition) => {
          const ownId = `report-${definition.code}-${unit}-${period}`;
          const own = reports.get(ownId);
          const inSubtree = [...reports.entries()].filter(
            ([, r]) =>
              r.key.form === definition.code && r.key.period === period && isWithinSubtree(r.key.unitCode, unit),
          );
          const flagged = inSubtree
            .map(([id]) => ({
              reportId: id,
              codes: openOf(id)
                .filter((f) => f.severity === 'error')
                .map((f) => f.code),
            }))
            .filter((r) => r.codes.length > 0);
          const quarter = parsed.type === 'month' ? formatPeriod(containingPeriod(parsed, 'quarter')) : period;
          const digitScreens = [...findings.entries()]
            .filter(
              ([subject, open]) =>
                open.size > 0 &&
                subject.startsWith(`quality-benford-${definition.code}-`) &&
                subject.endsWith(`-${quarter}`) &&
                isWithinSubtree(subject.split('-')[3] as UnitCode, unit),
            )
            .map(([subject, open]) => ({ subject, findings: [...open.values()] }));
          return {
            form: definition.code,
            ...(own
              ? {
                  own: {
                    reportId: ownId,
                    status: own.status,
                    onTime: Date.parse(own.firstSubmittedAt) <= Date.parse(own.deadline),
                    findings: openOf(ownId),
                  },
                }
              : isReportingUnit(definition, unit)
                ? { own: { reportId: ownId, status: 'missing', onTime: null, findings: openOf(ownId) } }
                : {}),
            directChildren: unitsQuality(unit, childrenOf.get(unit) ?? [], definition.code, period).rates,
            subtree: subtreeQuality(unit, definition.code, period),
            children: (childrenOf.get(unit) ?? [])
              .slice()
              .sort()
              .map((c) => subtreeQuality(c, definition.code, period)),
            flagged,
            digitScreens,
          };
        }),
      };
    },
  };
}

export type QualityView = ReturnType<typeof createQualityView>;
