/** Base of every typed domain error: `code` is stable for API mapping, `message` says what to do. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidUnitCodeError extends DomainError {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super('INVALID_UNIT_CODE', `invalid unit code '${input}': ${reason}`);
  }
}

export class InvalidPeriodError extends DomainError {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super('INVALID_PERIOD', `invalid period '${input}': ${reason}`);
  }
}

export class InvalidFormError extends DomainError {
  constructor(message: string) {
    super('INVALID_FORM', message);
  }
}

/** A command that the report's current state does not allow (e.g. correcting an approved report). */
export class IllegalReportTransitionError extends DomainError {
  constructor(
    readonly command: string,
    readonly status: string,
    hint: string,
  ) {
    super('ILLEGAL_TRANSITION', `cannot ${command} a report that is ${status}: ${hint}`);
  }
}

/** A command whose content is wrong for its form (unknown indicator, wrong period type, wrong tier…). */
export class InvalidReportError extends DomainError {
  constructor(
    message: string,
    readonly path: (string | number)[] = [],
  ) {
    super('INVALID_REPORT', message);
  }
}

/** The acting unit has no authority over the report (e.g. approval by a unit that is not the parent). */
export class NotParentUnitError extends DomainError {
  constructor(message: string) {
    super('NOT_PARENT_UNIT', message);
  }
}
