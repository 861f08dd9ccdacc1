import { expect } from 'vitest';

export interface Decider<Command, Event, State, Context> {
  decide(command: Command, state: State, context: Context): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/**
 * Specifications that read as the rules they test:
 * `spec.given([submitted]).when(approve).then([approved])` or `.thenThrows(ErrorClass, /message/)`.
 */
export function deciderSpecification<Command, Event, State, Context>(
  decider: Decider<Command, Event, State, Context>,
  context: Context,
) {
  return {
    given(events: Event[]) {
      return {
        when(command: Command) {
          const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()), context);
          return {
            then(expected: Event[]) {
              expect(run()).toEqual(expected);
            },
            thenThrows(errorClass: new (...args: never[]) => Error, message?: RegExp) {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown, 'the command was expected to be rejected').toBeInstanceOf(errorClass);
              if (message) expect((thrown as Error).message).toMatch(message);
            },
          };
        },
      };
    },
  };
}
