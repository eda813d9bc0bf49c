import { CodedError } from '@crm/event-store';

export enum ProjectionErrorCode {
  ProjectionNotFound = 'PROJECTION_NOT_FOUND',
}

/** The one error class of the projection runner; mapped to problems at the HTTP edge. */
export class ProjectionError extends CodedError<ProjectionErrorCode> {}
