/**
 * The shape of every module's one error class (STYLE 7): a code from the module's enum, a
 * message, and details that become fields of the problem at the HTTP edge. A module declares
 * `class VisitError extends CodedError<VisitErrorCode> {}`; its name is the subclass's name.
 */
export abstract class CodedError<TCode extends string> extends Error {
  constructor(
    readonly code: TCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
