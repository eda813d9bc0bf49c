/** A domain event as deciders produce and fold it: its name and its payload, nothing else. */
export interface DomainEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/**
 * An aggregate as three pure functions (emmett-style): the state before any event, how one event
 * changes the state, and which events a command produces in a state (none = nothing to do; a
 * refusal is thrown as the aggregate's own error). Time and ids travel inside the command.
 */
export interface Decider<State, Command, Event extends DomainEvent> {
  readonly initialState: State;
  readonly evolve: (state: State, event: Event) => State;
  readonly decide: (command: Command, state: State) => readonly Event[];
}

/** The state after `events`, starting from `state`. */
export const foldEvents = <State, Event extends DomainEvent>(
  decider: Pick<Decider<State, never, Event>, 'evolve'>,
  state: State,
  events: readonly Event[],
): State => events.reduce(decider.evolve, state);
